"""Consultation services on the real database: lifecycle, validation, once-only
responses, outcomes, subscriptions, retention and erasure."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from engagement import selectors, services
from engagement.equality import equality_answers_flush
from engagement.models import (
    Answer,
    Consultation,
    EqualityAnswer,
    Response,
    SubscriberNotice,
    Subscription,
)
from tests.engagement.conftest import answers_for, build_open_consultation
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def submit(consultation, key="key-1", **kwargs):
    kwargs.setdefault("data", answers_for(consultation))
    return services.response_submit(
        consultation=consultation, idempotency_key=key, **kwargs
    )


def counts():
    return (
        Response.objects.count(),
        Answer.objects.count(),
        EqualityAnswer.objects.count(),
    )


def test_a_valid_response_is_stored_with_every_answer(consultation):
    """One response; the multiple-choice answer is two rows."""
    response, created = submit(consultation, equality={"age_band": "25_34"})
    assert created
    assert response.reference.startswith("R-")
    assert response.answers.count() == 8
    equality_answers_flush(minimum=1)  # the batch job (test_equality_privacy.py)
    assert EqualityAnswer.objects.get().age_band == "25_34"


def test_the_same_key_stores_one_response(consultation):
    """A double click returns the response already stored."""
    first, created = submit(consultation)
    again, created_again = submit(consultation)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Response.objects.count() == 1


def test_equality_answers_are_not_linked_to_responses(consultation):
    """Nothing ties an equality answer to who gave it."""
    submit(consultation, equality={"sex": "female"})
    fields = {f.name for f in EqualityAnswer._meta.get_fields()}
    assert "response" not in fields


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing required", "Choose an answer for"),
        ("choice of another question", "Choose one of the options given"),
        ("two choices for one", "Choose only one option"),
        ("over-long text", "characters or fewer"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(consultation, case, message):
    """Each bad answer gets a clear message, keyed to its question; nothing stored."""
    questions = {q.kind: q for q in consultation.questions.prefetch_related("choices")}
    scale, single = questions["agree_scale"], questions["single_choice"]
    long_text = questions["long_text"]
    data = answers_for(consultation)
    if case == "missing required":
        data.pop(services.field_name(scale))
        field = services.field_name(scale)
    elif case == "choice of another question":
        data[services.field_name(scale)] = str(single.choices.first().pk)
        field = services.field_name(scale)
    elif case == "two choices for one":
        data[services.field_name(single)] = [
            str(c.pk) for c in single.choices.all()[:2]
        ]
        field = services.field_name(single)
    else:
        data[services.field_name(long_text)] = "x" * 5001
        field = services.field_name(long_text)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        submit(consultation, data=data)
    assert message in " ".join(refused.value.message_dict[field])
    assert counts() == before


def test_extra_fields_are_ignored(consultation):
    """Fields that are not questions of this consultation are not stored."""
    data = answers_for(consultation, q999999="sneaky", is_admin="1")
    response, _ = submit(consultation, data=data)
    assert response.answers.count() == 8


def test_html_in_answers_is_stored_as_text(consultation):
    """Script is kept verbatim as text (it is escaped wherever it is shown)."""
    short = consultation.questions.get(kind="short_text")
    script = '<script>alert("x")</script><b>bold</b>'
    response, _ = submit(
        consultation,
        data=answers_for(consultation, **{services.field_name(short): script}),
    )
    assert response.answers.get(question=short).text == script


def test_closed_and_draft_consultations_take_no_online_responses(consultation):
    """Closed: a clear message and nothing stored."""
    services.consultation_close_now(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        submit(consultation)
    assert Response.objects.count() == 0


def test_paper_responses_can_be_keyed_in_after_closing(consultation, django_user_model):
    """Paper forms posted before the deadline still count, with their channel."""
    officer = django_user_model.objects.create_user("officer@test.example")
    services.consultation_close_now(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    response, _ = submit(consultation, channel="paper", keyed_in_by=officer)
    assert (response.channel, response.keyed_in_by) == ("paper", officer)


def test_questions_cannot_change_in_substance_after_responses(consultation):
    """Rewording is fine; a new kind, new options or a new question are not."""
    submit(consultation)
    question = consultation.questions.get(kind="single_choice")
    services.question_update(question=question, actor=None, data={"text": "Reworded"})
    with pytest.raises(ValidationError, match="already responded"):
        services.question_update(question=question, actor=None, data={"kind": "yes_no"})
    with pytest.raises(ValidationError, match="already responded"):
        services.question_update(
            question=question, actor=None, data={"choices": ["Morning", "Night"]}
        )
    with pytest.raises(ValidationError, match="already responded"):
        services.question_add(
            consultation=consultation,
            actor=None,
            data={"kind": "yes_no", "text": "New"},
        )


def test_fixed_option_lists(consultation):
    """The scale has five points, yes/no two, ward the partnership's wards."""
    texts = {
        q.kind: [c.text for c in q.choices.all()]
        for q in consultation.questions.prefetch_related("choices")
    }
    assert len(texts["agree_scale"]) == 5
    assert texts["yes_no"] == ["Yes", "No"]
    assert texts["ward"] == ["Canbury", "Norbiton"]


def test_a_choice_question_needs_two_different_options(consultation):
    """One option, or the same one twice, is refused."""
    draft = services.consultation_create(
        partnership=consultation.partnership,
        actor=None,
        data={"title": "Another", "summary": "More"},
    )
    for choices in (["Only"], ["Same", "Same"]):
        with pytest.raises(ValidationError):
            services.question_add(
                consultation=draft,
                actor=None,
                data={"kind": "single_choice", "text": "Pick", "choices": choices},
            )


def test_opening_and_closing_on_time_notifies_subscribers_once(db):
    """Scheduled -> open at its time (subscribers told once) -> closed at its time."""
    from tests.partnerships.factories import PartnershipFactory

    partnership = PartnershipFactory()
    confirmed = services.subscription_request(partnership=partnership, email="A@x.org")
    services.subscription_confirm(token=confirmed.token)
    services.subscription_request(partnership=partnership, email="pending@x.org")
    consultation = build_open_consultation(partnership=partnership)
    # build_open_consultation ran the job, which opened it; again changes nothing.
    assert services.consultations_open_and_close()["notices"] == 0
    assert SubscriberNotice.objects.count() == 1
    assert SubscriberNotice.objects.get().subscription.email == "a@x.org"
    with time_machine.travel(consultation.closes_at + datetime.timedelta(minutes=1)):
        assert services.consultations_open_and_close()["closed"] == 1
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_outcome_needs_each_we_did_tied_to_a_priority(consultation):
    """A 'we did' without a priority or action is refused; with one it publishes."""
    services.consultation_close_now(consultation=consultation, actor=None)
    with pytest.raises(ValidationError) as refused:
        services.outcome_publish(
            consultation=consultation,
            actor=None,
            we_asked="Where do you feel unsafe?",
            you_said="The bus station at night.",
            actions=[("More patrols", None, None)],
        )
    assert "priority or an action" in str(refused.value)
    priority = PriorityFactory(plan__partnership=consultation.partnership)
    services.outcome_publish(
        consultation=consultation,
        actor=None,
        we_asked="Where do you feel unsafe?",
        you_said="The bus station at night.",
        actions=[("More patrols", priority, None)],
    )
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.PUBLISHED
    assert consultation.outcome.actions.get().priority == priority


def test_outcome_refuses_another_partnerships_priority(consultation):
    """Priorities of other partnerships cannot be claimed."""
    services.consultation_close_now(consultation=consultation, actor=None)
    with pytest.raises(ValidationError, match="this partnership"):
        services.outcome_publish(
            consultation=consultation,
            actor=None,
            we_asked="a",
            you_said="b",
            actions=[("c", PriorityFactory(), None)],
        )


def test_retention_removes_personal_data_and_keeps_counts(consultation):
    """After the period: no email, no flagged text; counts and other answers stay."""
    long_text = consultation.questions.get(kind="long_text")
    for n in range(3):
        submit(consultation, key=f"k{n}", email=f"person{n}@example.org")
    before = selectors.consultation_results(consultation=consultation)
    services.consultation_close_now(consultation=consultation, actor=None)
    consultation.refresh_from_db()
    # Not yet: 11 months after closing.
    with time_machine.travel(consultation.closes_at + datetime.timedelta(days=330)):
        assert services.responses_anonymise_due() == 0
    with time_machine.travel(consultation.closes_at + datetime.timedelta(days=370)):
        assert services.responses_anonymise_due() == 3
    assert not Response.objects.exclude(email="").exists()
    assert set(
        Answer.objects.filter(question=long_text).values_list("text", flat=True)
    ) == {"[removed]"}
    assert (
        Answer.objects.filter(question__kind="short_text")
        .exclude(text="[removed]")
        .count()
        == 3
    )
    after = selectors.consultation_results(consultation=consultation)
    assert [
        [(o["count"], o["percent"]) for o in item["options"]] for item in after
    ] == [[(o["count"], o["percent"]) for o in item["options"]] for item in before]


def test_erasure_command_removes_one_respondent(consultation, capsys):
    """manage.py erase_respondent --email removes that person's data only."""
    submit(consultation, key="a", email="erase.me@example.org")
    submit(consultation, key="b", email="keep.me@example.org")
    call_command("erase_respondent", "--email", "ERASE.ME@example.org")
    assert set(Response.objects.values_list("email", flat=True)) == {
        "",
        "keep.me@example.org",
    }
    assert "1 response" in capsys.readouterr().out


def test_subscription_is_double_opt_in_and_one_click_out(db):
    """Unconfirmed until the link; cancelling deletes the address."""
    from tests.partnerships.factories import PartnershipFactory

    partnership = PartnershipFactory()
    subscription = services.subscription_request(
        partnership=partnership, email="Me@x.org"
    )
    assert subscription.confirmed_at is None
    assert (
        services.subscription_request(partnership=partnership, email="me@x.org")
        == subscription
    )
    services.subscription_confirm(token=subscription.token)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert services.subscription_cancel(token=subscription.token)
    assert not Subscription.objects.exists()


def test_equality_summary_suppresses_small_numbers(consultation):
    """Groups under 10 show no number."""
    for n in range(12):
        submit(
            consultation, key=f"e{n}", equality={"sex": "female" if n < 10 else "male"}
        )
    equality_answers_flush()  # the batch job: 12 held, at least 10 a batch
    summary = {
        row["label"]: row
        for row in selectors.equality_summary(consultation=consultation)
    }
    groups = {g["label"]: g["count"] for g in summary["Sex"]["groups"]}
    assert groups["Female"] == 10
    assert groups["Male"] is None


def test_schedule_needs_questions_and_closing_after_opening(db):
    """A clear message for each."""
    from tests.partnerships.factories import PartnershipFactory

    consultation = services.consultation_create(
        partnership=PartnershipFactory(),
        actor=None,
        data={"title": "T", "summary": "S"},
    )
    now = timezone.now()
    with pytest.raises(ValidationError, match="at least one question"):
        services.consultation_schedule(
            consultation=consultation, actor=None, opens_at=now, closes_at=now
        )

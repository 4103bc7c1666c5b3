"""Writes for consultations: building them, their lifecycle, responses, outcomes,
subscriptions and personal data retention."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from engagement.equality import equality_hold
from engagement.models import (
    Answer,
    Choice,
    Consultation,
    EqualityAnswer,
    Outcome,
    OutcomeAction,
    Question,
    Response,
    SubscriberNotice,
    Subscription,
)
from partnerships.models import Area
from plans.deadlines.schedule import add_months
from portal.core.drafting import unique_slug
from portal.core.outbox import enqueue_on_commit

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
REMOVED = "[removed]"


def _tasks():
    from engagement import tasks  # tasks import this module

    return tasks


# --- Building a consultation ---------------------------------------------------


@transaction.atomic
def consultation_create(*, partnership, actor, data: dict) -> Consultation:
    """A new draft consultation."""
    consultation = Consultation(
        partnership=partnership,
        slug=unique_slug(
            Consultation.objects.filter(partnership=partnership),
            title=data["title"],
            fallback="consultation",
        ),
        created_by=actor,
        **{k: v for k, v in data.items() if k != "priorities"},
    )
    consultation.full_clean()
    consultation.save()
    consultation.priorities.set(data.get("priorities") or [])
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, actor, data: dict
) -> Consultation:
    """Change the title, background, priorities or settings of a consultation."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if current.status == Consultation.Status.PUBLISHED:
        raise ValidationError("Published results cannot be changed.")
    for name, value in data.items():
        if name != "priorities":
            setattr(current, name, value)
    current.full_clean()
    current.save()
    if "priorities" in data:
        current.priorities.set(data["priorities"])
    return current


def _refuse_if_answered(consultation: Consultation) -> None:
    if consultation.responses.exists():
        raise ValidationError(
            "People have already responded, so questions can no longer be added, "
            "removed or changed in substance."
        )


def _choices_for(question: Question, choices: list[str]) -> list[str]:
    kind = question.kind
    if kind == Question.Kind.AGREE_SCALE:
        return list(Question.AGREE_SCALE_CHOICES)
    if kind == Question.Kind.YES_NO:
        return list(Question.YES_NO_CHOICES)
    if kind == Question.Kind.WARD:
        partnership = question.consultation.partnership
        return list(
            Area.objects.filter(parent_id=partnership.area_id, kind=Area.Kind.WARD)
            .order_by("name")
            .values_list("name", flat=True)
        )
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        cleaned = [c.strip() for c in choices if c.strip()]
        if len(cleaned) < 2:
            raise ValidationError(
                {"choices": "Enter at least 2 options, one on each line"}
            )
        if len(set(cleaned)) != len(cleaned):
            raise ValidationError({"choices": "Each option must be different"})
        return cleaned
    return []


@transaction.atomic
def question_add(*, consultation: Consultation, actor, data: dict) -> Question:
    """Add a question at the end; choice lists are made for scale, yes/no and ward."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _refuse_if_answered(consultation)
    last = consultation.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question(
        consultation=consultation,
        order=last + 1,
        kind=data["kind"],
        text=data["text"],
        hint=data.get("hint", ""),
        required=data.get("required", False),
        personal=data.get("personal", False) and data["kind"] in Question.TEXT_KINDS,
    )
    question.full_clean()
    options = _choices_for(question, data.get("choices") or [])
    question.save()
    Choice.objects.bulk_create(
        Choice(question=question, text=text, order=n)
        for n, text in enumerate(options, 1)
    )
    return question


@transaction.atomic
def question_update(*, question: Question, actor, data: dict) -> Question:
    """Reword a question; its kind and options only while nobody has answered."""
    consultation = Consultation.objects.select_for_update().get(
        pk=question.consultation_id
    )
    current = Question.objects.select_for_update().get(pk=question.pk)
    old_choices = [c.text for c in current.choices.all()]
    new_choices = [c.strip() for c in data.get("choices", old_choices) if c.strip()]
    substance = (
        data.get("kind", current.kind) != current.kind
        or ("choices" in data and old_choices != new_choices)
        or data.get("required", current.required) != current.required
    )
    if substance:
        _refuse_if_answered(consultation)
    for name in ("kind", "text", "hint", "required", "personal"):
        if name in data:
            setattr(current, name, data[name])
    current.full_clean()
    current.save()
    if substance:
        current.choices.all().delete()
        options = _choices_for(current, data.get("choices") or [])
        Choice.objects.bulk_create(
            Choice(question=current, text=text, order=n)
            for n, text in enumerate(options, 1)
        )
    return current


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    consultation = Consultation.objects.select_for_update().get(
        pk=question.consultation_id
    )
    _refuse_if_answered(consultation)
    question.delete()


@transaction.atomic
def consultation_schedule(
    *, consultation: Consultation, actor, opens_at, closes_at
) -> Consultation:
    """Set when it opens and closes; it opens by itself at that time."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if current.status in (Consultation.Status.CLOSED, Consultation.Status.PUBLISHED):
        raise ValidationError("A closed consultation cannot be scheduled again.")
    if not current.questions.exists():
        raise ValidationError("Add at least one question before scheduling.")
    if closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": "The closing date must be after the opening date"}
        )
    current.opens_at, current.closes_at = opens_at, closes_at
    if current.status == Consultation.Status.DRAFT:
        current.status = Consultation.Status.SCHEDULED
    current.full_clean()
    current.save()
    enqueue_on_commit(_tasks().consultations_open_and_close)
    return current


@transaction.atomic
def consultation_close_now(*, consultation: Consultation, actor) -> Consultation:
    """Close early; responses stop at once."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if current.status in (Consultation.Status.SCHEDULED, Consultation.Status.OPEN):
        now = timezone.now()
        current.status = Consultation.Status.CLOSED
        if current.closes_at is None or current.closes_at > now:
            current.closes_at = now
        if current.opens_at and current.opens_at > current.closes_at:
            current.opens_at = current.closes_at - timezone.timedelta(seconds=1)
        current.save()
    return current


def consultations_open_and_close(*, now=None) -> dict:
    """The beat job: open and close consultations on time; notify subscribers once."""
    now = now or timezone.now()
    opened = closed = 0
    with transaction.atomic():
        for consultation in Consultation.objects.select_for_update(
            skip_locked=True
        ).filter(status=Consultation.Status.SCHEDULED, opens_at__lte=now):
            consultation.status = (
                Consultation.Status.OPEN
                if consultation.closes_at > now
                else Consultation.Status.CLOSED
            )
            consultation.save(update_fields=["status", "updated_at"])
            opened += 1
        for consultation in Consultation.objects.select_for_update(
            skip_locked=True
        ).filter(status=Consultation.Status.OPEN, closes_at__lte=now):
            consultation.status = Consultation.Status.CLOSED
            consultation.save(update_fields=["status", "updated_at"])
            closed += 1
    notified = 0
    for consultation_id in Consultation.objects.filter(
        status=Consultation.Status.OPEN, subscribers_notified_at__isnull=True
    ).values_list("pk", flat=True):
        notified += subscribers_notify(consultation_id=consultation_id)
    return {"opened": opened, "closed": closed, "notices": notified}


@transaction.atomic
def subscribers_notify(*, consultation_id: int) -> int:
    """Record one notice per confirmed subscriber (once) and queue the emails."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if consultation.subscribers_notified_at is not None:
        return 0
    count = 0
    for subscription in Subscription.objects.filter(
        partnership_id=consultation.partnership_id, confirmed_at__isnull=False
    ):
        notice, created = SubscriberNotice.objects.get_or_create(
            consultation=consultation, subscription=subscription
        )
        if created:
            count += 1
            enqueue_on_commit(_tasks().send_subscriber_notice, notice.pk)
    consultation.subscribers_notified_at = timezone.now()
    consultation.save(update_fields=["subscribers_notified_at"])
    return count


# --- Responses -----------------------------------------------------------------


def new_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{body[:4]}-{body[4:]}"


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def clean_answers(*, consultation: Consultation, data: dict) -> dict:
    """Check answers against the consultation's own questions.

    ``data`` maps field names ("q<id>") to a string or a list of strings (choice
    ids for choice questions). Returns {question: value} or raises
    ValidationError keyed by field name. Fields for other questions are ignored.
    """
    errors, cleaned = {}, {}
    questions = list(consultation.questions.prefetch_related("choices"))
    for question in questions:
        name = field_name(question)
        raw = data.get(name)
        values = (
            raw if isinstance(raw, list) else ([raw] if raw not in (None, "") else [])
        )
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            if question.required:
                errors[name] = (
                    f"Choose an answer for: {question.text}"
                    if question.is_choice
                    else f"Enter an answer for: {question.text}"
                )
            continue
        if question.is_choice:
            allowed = {str(c.pk): c for c in question.choices.all()}
            if any(v not in allowed for v in values):
                errors[name] = f"Choose one of the options given for: {question.text}"
                continue
            if question.kind != Question.Kind.MULTIPLE_CHOICE and len(values) > 1:
                errors[name] = f"Choose only one option for: {question.text}"
                continue
            cleaned[question] = [allowed[v] for v in dict.fromkeys(values)]
        else:
            text = values[0] if len(values) == 1 else "\n".join(values)
            if len(text) > question.max_length:
                errors[name] = (
                    f"Your answer to: {question.text} must be "
                    f"{question.max_length:,} characters or fewer"
                )
                continue
            cleaned[question] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_equality(data: dict | None) -> dict:
    """Equality answers: only known fields and values; everything optional."""
    if not data:
        return {}
    cleaned = {}
    for name in EqualityAnswer.FIELDS:
        value = (data.get(name) or "").strip()
        if not value:
            continue
        choices = dict(EqualityAnswer._meta.get_field(name).choices)
        if value not in choices:
            raise ValidationError({name: "Choose one of the options given"})
        cleaned[name] = value
    return cleaned


def response_submit(
    *,
    consultation: Consultation,
    data: dict,
    idempotency_key: str,
    email: str = "",
    equality: dict | None = None,
    channel: str = Response.Channel.ONLINE,
    keyed_in_by=None,
) -> tuple[Response, bool]:
    """Store one response, exactly once per idempotency key.

    Returns (response, created): a repeated key (a double click, a retried
    POST) returns the response already stored. Raises ValidationError for
    answers that do not fit, or a consultation that is not open (online) or
    already published (keyed in from paper); nothing is stored then.
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError(
            "This form has expired. Start again from the question page."
        )
    existing = Response.objects.filter(
        consultation=consultation, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        return existing, False
    if channel == Response.Channel.ONLINE:
        if not consultation.is_accepting_responses():
            raise ValidationError(
                "This consultation is closed, so it cannot take responses."
            )
    elif consultation.status in (
        Consultation.Status.DRAFT,
        Consultation.Status.PUBLISHED,
    ):
        raise ValidationError(
            "Responses can be keyed in only while the results are open."
        )
    answers = clean_answers(consultation=consultation, data=data)
    equality_values = (
        clean_equality(equality) if consultation.has_equality_section else {}
    )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                consultation=consultation,
                reference=new_reference(),
                channel=channel,
                idempotency_key=idempotency_key,
                email=(email or "").strip(),
                keyed_in_by=keyed_in_by,
            )
            rows = []
            for question, value in answers.items():
                if question.is_choice:
                    rows += [
                        Answer(response=response, question=question, choice=c)
                        for c in value
                    ]
                else:
                    rows.append(
                        Answer(response=response, question=question, text=value)
                    )
            Answer.objects.bulk_create(rows)
            if response.email:
                enqueue_on_commit(_tasks().send_receipt, response.pk)
    except IntegrityError:
        # The same key arrived at the same moment from another request.
        existing = Response.objects.filter(
            consultation=consultation, idempotency_key=idempotency_key
        ).first()
        if existing is None:
            raise
        return existing, False
    # Not in the response's transaction: held apart, stored later in shuffled
    # batches, so nothing links them (engagement/equality/__init__.py).
    equality_hold(consultation_id=consultation.pk, values=equality_values)
    return response, True


# --- Results -------------------------------------------------------------------


@transaction.atomic
def outcome_publish(
    *, consultation: Consultation, actor, we_asked: str, you_said: str, actions: list
) -> Outcome:
    """Publish "we asked, you said, we did"; each "we did" names a priority or action.

    ``actions`` is a list of (we_did, priority or None, action or None).
    """
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if current.status not in (
        Consultation.Status.CLOSED,
        Consultation.Status.PUBLISHED,
    ):
        raise ValidationError(
            "Results can be published once the consultation has closed."
        )
    errors = {}
    if not we_asked.strip():
        errors["we_asked"] = "Enter what you asked"
    if not you_said.strip():
        errors["you_said"] = "Enter what people said"
    if not actions:
        errors["actions"] = "Add at least one thing you did"
    for we_did, priority, action in actions:
        if not we_did.strip():
            errors["actions"] = "Describe each thing you did"
        if priority is None and action is None:
            errors["actions"] = "Link each thing you did to a priority or an action"
        partnership_ids = {
            p.plan.partnership_id for p in [priority] if p is not None
        } | {a.priority.plan.partnership_id for a in [action] if a is not None}
        if partnership_ids - {current.partnership_id}:
            errors["actions"] = "Choose priorities and actions of this partnership"
    if errors:
        raise ValidationError(errors)
    outcome, _ = Outcome.objects.update_or_create(
        consultation=current,
        defaults={
            "we_asked": we_asked,
            "you_said": you_said,
            "published_at": timezone.now(),
        },
    )
    outcome.actions.all().delete()
    OutcomeAction.objects.bulk_create(
        OutcomeAction(outcome=outcome, we_did=w, priority=p, action=a, order=n)
        for n, (w, p, a) in enumerate(actions, 1)
    )
    current.status = Consultation.Status.PUBLISHED
    current.save(update_fields=["status", "updated_at"])
    return outcome


# --- Subscriptions -------------------------------------------------------------


@transaction.atomic
def subscription_request(*, partnership, email: str) -> Subscription:
    """Ask to subscribe: a confirmation email is sent (double opt-in).

    Asking again re-sends it; an already confirmed address is left as it is.
    """
    email = email.strip().lower()
    subscription, _ = Subscription.objects.get_or_create(
        partnership=partnership,
        email=email,
        defaults={"token": secrets.token_urlsafe(32)},
    )
    if subscription.confirmed_at is None:
        enqueue_on_commit(_tasks().send_subscription_confirmation, subscription.pk)
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription | None:
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """One-click unsubscribe: the address is deleted."""
    deleted, _ = Subscription.objects.filter(token=token).delete()
    return bool(deleted)


# --- Personal data -------------------------------------------------------------


def _anonymise(responses) -> int:
    ids = list(responses.values_list("pk", flat=True))
    if not ids:
        return 0
    Answer.objects.filter(
        response_id__in=ids, question__personal=True, choice__isnull=True
    ).exclude(text=REMOVED).update(text=REMOVED)
    return Response.objects.filter(pk__in=ids).update(
        email="", anonymised_at=timezone.now()
    )


@transaction.atomic
def responses_anonymise_due(*, now=None) -> int:
    """Remove personal data of consultations past their retention period.

    Email addresses go, and free-text answers to questions marked personal are
    replaced; choices and other answers stay, so published counts do not change.
    """
    now = now or timezone.now()
    total = 0
    for consultation in Consultation.objects.filter(
        closes_at__isnull=False, anonymised_at__isnull=True
    ).exclude(status__in=[Consultation.Status.DRAFT, Consultation.Status.SCHEDULED]):
        if (
            add_months(
                timezone.localtime(consultation.closes_at).date(),
                consultation.retention_months,
            )
            > timezone.localtime(now).date()
        ):
            continue
        total += _anonymise(consultation.responses.all())
        consultation.anonymised_at = now
        consultation.save(update_fields=["anonymised_at"])
    return total


@transaction.atomic
def respondent_erase(*, email: str = "", reference: str = "") -> int:
    """Remove one respondent's personal data (a right-to-erasure request)."""
    if not email and not reference:
        raise ValidationError("Give an email address or a response reference.")
    responses = Response.objects.all()
    if email:
        responses = responses.filter(email__iexact=email.strip())
    if reference:
        responses = responses.filter(reference=reference.strip().upper())
    count = _anonymise(responses)
    if email:
        Subscription.objects.filter(email__iexact=email.strip()).delete()
    return count

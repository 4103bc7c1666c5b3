"""Responses: answers checked against the consultation's own questions, and
each response stored exactly once, online or keyed in from paper."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects

from engagement import lifecycle
from engagement.equality import equality_hold
from engagement.lifecycle import Action
from engagement.models import Answer, Consultation, EqualityAnswer, Question, Response
from portal.core.outbox import enqueue_on_commit

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{body[:4]}-{body[4:]}"


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def clean_answers(
    *, consultation: Consultation, data: dict, only: set[str] | None = None
) -> dict:
    """Check answers against the consultation's own questions.

    ``data`` maps field names ("q<id>") to a string or a list of strings (choice
    ids for choice questions). Returns {question: value} or raises
    ValidationError keyed by field name. Fields for other questions are ignored,
    and so are answers to questions the resident was not asked: a question
    whose condition (``engagement.pages``) the other answers do not meet is
    neither required nor kept, whatever was sent for it. ``only`` limits the
    errors raised to those field names (one page of a form).
    """
    errors, cleaned = {}, {}
    # The public page reads the consultation with its questions and options
    # already fetched (consultation_detail_public): use them rather than
    # asking again on every response; fetch them only when they are not.
    prefetch_related_objects(
        [consultation],
        Prefetch("questions", queryset=Question.objects.order_by("order", "id")),
        "questions__choices",
    )
    questions = list(consultation.questions.all())
    # Option ids chosen for each question asked so far (conditions name an
    # earlier question, so one pass in form order settles who was asked).
    chosen: dict[int, set[int]] = {}
    for question in questions:
        name = field_name(question)
        depends_on = question.shown_if_question_id
        if depends_on is not None and question.shown_if_choice_id not in chosen.get(
            depends_on, ()
        ):
            continue  # not asked: its answer, if any was sent, is dropped
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
            chosen[question.pk] = {c.pk for c in cleaned[question]}
        else:
            text = values[0] if len(values) == 1 else "\n".join(values)
            if len(text) > question.max_length:
                errors[name] = (
                    f"Your answer to: {question.text} must be "
                    f"{question.max_length:,} characters or fewer"
                )
                continue
            cleaned[question] = text
    if only is not None:
        errors = {name: message for name, message in errors.items() if name in only}
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
    answers that do not fit, or when the lifecycle takes no response now
    (online: not open; keyed in: not opened yet, or results published);
    nothing is stored then.
    """
    from engagement import tasks  # the tasks import the services

    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError(
            "This form has expired. Start again from the question page."
        )
    existing = Response.objects.filter(
        consultation=consultation, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        return existing, False
    lifecycle.check(
        consultation,
        Action.RESPOND if channel == Response.Channel.ONLINE else Action.KEY_IN,
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
                enqueue_on_commit(tasks.send_receipt, response.pk)
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

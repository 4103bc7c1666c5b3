"""A consultation's questions: add, change and delete them, with the option
lists the service makes for scale, yes/no and ward questions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from engagement import lifecycle
from engagement.lifecycle import Action
from engagement.models import Choice, Consultation, Question
from partnerships.models import Area


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
    lifecycle.check(consultation, Action.ADD_QUESTION)
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
        lifecycle.check(consultation, Action.CHANGE_QUESTION)
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
    lifecycle.check(consultation, Action.DELETE_QUESTION)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, actor, direction: str) -> Question:
    """Move a question one place up or down in its consultation's form."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose whether to move the question up or down.")
    consultation = Consultation.objects.select_for_update().get(
        pk=question.consultation_id
    )
    lifecycle.check(consultation, Action.MOVE_QUESTION)
    siblings = list(consultation.questions.order_by("order", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    return next(q for q in siblings if q.pk == question.pk)

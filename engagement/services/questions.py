"""A consultation's questions: add, change and delete them, with the option
lists the service makes for scale, yes/no and ward questions, page breaks and
conditions ("only ask this if the answer to an earlier question was ...").

A condition always names an option of an EARLIER choice question of the same
consultation. Moves that would put a question before the one it depends on,
and deleting a question (or an option) a condition names, are refused with a
message saying which condition to change first: nothing is silently cleared.
"""

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


def _quoted(question: Question) -> str:
    return f"\u201c{question.text}\u201d"


def _condition_choice(
    *, consultation: Consultation, question: Question | None, value
) -> Choice | None:
    """The option a condition names, checked: an option of an earlier choice
    question of the same consultation. ``question`` None means a new question,
    which goes at the end."""
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = None
    choice = (
        Choice.objects.select_related("question")
        .filter(pk=pk, question__consultation=consultation)
        .first()
        if pk is not None
        else None
    )
    if choice is None:
        raise ValidationError(
            {"shown_if_choice": "Choose an answer to an earlier question"}
        )
    depends_on = choice.question
    if question is not None:
        if depends_on.pk == question.pk:
            raise ValidationError(
                {"shown_if_choice": "A question cannot depend on its own answer"}
            )
        if (depends_on.order, depends_on.pk) >= (question.order, question.pk):
            raise ValidationError(
                {
                    "shown_if_choice": "A question can only depend on a question "
                    "that comes before it"
                }
            )
    if not depends_on.is_choice:
        raise ValidationError(
            {"shown_if_choice": "A question can only depend on a choice question"}
        )
    return choice


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
        starts_page=data.get("starts_page", False),
    )
    condition = _condition_choice(
        consultation=consultation, question=None, value=data.get("shown_if_choice")
    )
    question.shown_if_choice = condition
    question.shown_if_question = condition.question if condition else None
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
    options_change = data.get("kind", current.kind) != current.kind or (
        "choices" in data and old_choices != new_choices
    )
    condition_change = (
        "shown_if_choice" in data
        and (getattr(data["shown_if_choice"], "pk", data["shown_if_choice"]) or None)
        != current.shown_if_choice_id
    )
    substance = (
        options_change
        or data.get("required", current.required) != current.required
        or condition_change
    )
    if substance:
        # Who was asked a question is part of its substance, like its options.
        lifecycle.check(consultation, Action.CHANGE_QUESTION)
    for name in ("kind", "text", "hint", "required", "personal", "starts_page"):
        if name in data:
            setattr(current, name, data[name])
    if condition_change:
        condition = _condition_choice(
            consultation=consultation, question=current, value=data["shown_if_choice"]
        )
        current.shown_if_choice = condition
        current.shown_if_question = condition.question if condition else None
    current.full_clean()
    current.save()
    if options_change:
        dependents = list(current.dependents.select_related("shown_if_choice"))
        options = _choices_for(current, data.get("choices") or [])
        if dependents and not current.is_choice:
            raise ValidationError(
                {
                    "kind": f"{_quoted(dependents[0])} is only asked depending on "
                    "the answer to this question, so it must stay a choice "
                    "question. Change that question's condition first"
                }
            )
        for dependent in dependents:
            if dependent.shown_if_choice.text not in options:
                raise ValidationError(
                    {
                        "choices": f"{_quoted(dependent)} is only asked if "
                        f"\u201c{dependent.shown_if_choice.text}\u201d is chosen "
                        "here: keep that option, or change that question's "
                        "condition first"
                    }
                )
        new = Choice.objects.bulk_create(
            Choice(question=current, text=text, order=n)
            for n, text in enumerate(options, 1)
        )
        by_text = {choice.text: choice for choice in new}
        for dependent in dependents:
            # The same option, made again: the condition follows it.
            dependent.shown_if_choice = by_text[dependent.shown_if_choice.text]
            dependent.save(update_fields=["shown_if_choice"])
        current.choices.exclude(pk__in=[c.pk for c in new]).delete()
    return current


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    consultation = Consultation.objects.select_for_update().get(
        pk=question.consultation_id
    )
    lifecycle.check(consultation, Action.DELETE_QUESTION)
    dependent = question.dependents.order_by("order", "id").first()
    if dependent is not None:
        raise ValidationError(
            f"{_quoted(dependent)} is only asked depending on the answer to this "
            "question. Change that question's condition before deleting this one."
        )
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
    position = {sibling.pk: n for n, sibling in enumerate(siblings)}
    for sibling in siblings:
        depends_on = sibling.shown_if_question_id
        if depends_on is not None and position[depends_on] > position[sibling.pk]:
            earlier = next(q for q in siblings if q.pk == depends_on)
            raise ValidationError(
                f"{_quoted(sibling)} is only asked depending on the answer to "
                f"{_quoted(earlier)}, so it must come after it. Change its "
                "condition first to move it."
            )
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    return next(q for q in siblings if q.pk == question.pk)

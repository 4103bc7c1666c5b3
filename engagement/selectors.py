"""Reads for consultations: public lists, staff pages, results, exports."""

import csv
from collections import Counter

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator

from engagement.models import (
    Answer,
    Choice,
    Consultation,
    EqualityAnswer,
    Outcome,
    OutcomeAction,
    Question,
    Response,
)
from portal.core.addresses import slug_url

# Consultations in lifecycle order: draft, scheduled, open, closed, published.
STATUS_RANK = Case(
    *[
        When(status=value, then=Value(n))
        for n, value in enumerate(Consultation.Status.values)
    ],
    output_field=IntegerField(),
)
# Equality groups smaller than this are not shown.
SUPPRESS_BELOW = 10
# Spreadsheet programs run cells that start with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def consultation_list_public(*, partnership=None) -> QuerySet[Consultation]:
    """Consultations residents can see, open ones first: with their partnership,
    or of ``partnership`` only, whose columns are not read again (a caller that
    lists them sets it on each)."""
    consultations = Consultation.objects.filter(
        status__in=Consultation.PUBLIC_STATUSES, partnership__is_published=True
    )
    if partnership is not None:
        consultations = consultations.filter(partnership=partnership)
    else:
        consultations = consultations.select_related("partnership")
    return consultations.order_by("-closes_at", "title")


def consultation_list_open(*, partnership=None, now=None) -> list[Consultation]:
    """Consultations open now, of every partnership or of ``partnership``."""
    now = now or timezone.now()
    found = list(
        consultation_list_public(partnership=partnership).filter(
            status=Consultation.Status.OPEN, opens_at__lte=now, closes_at__gt=now
        )
    )
    if partnership is not None:
        for consultation in found:
            consultation.partnership = partnership
    return found


def consultation_detail_public(*, partnership_slug: str) -> QuerySet[Consultation]:
    return (
        consultation_list_public()
        .filter(partnership__slug=partnership_slug)
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.prefetch_related("choices").order_by(
                    "order", "id"
                ),
            ),
        )
    )


def consultation_priorities_public(*, consultation: Consultation) -> list:
    """The published priorities of public plans that the consultation
    informs, in one query (only the page shows them; a POST needs none)."""
    return list(
        consultation.priorities.filter(is_published=True).select_related(
            "plan__partnership"
        )
    )


def consultation_results(*, consultation: Consultation) -> list[dict]:
    """Per question: counts and percentages of each option, or the free text.

    Three queries, however many responses.
    """
    questions = list(
        consultation.questions.select_related("shown_if_question", "shown_if_choice")
        .prefetch_related("choices")
        .order_by("order", "id")
    )
    counts = Counter(
        {
            (row["question_id"], row["choice_id"]): row["n"]
            for row in Answer.objects.filter(
                question__consultation=consultation, choice__isnull=False
            )
            .values("question_id", "choice_id")
            .annotate(n=Count("id"))
        }
    )
    answered = dict(
        Answer.objects.filter(question__consultation=consultation)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    # Conditional questions were asked only of those whose answer met the
    # condition; an answer to the question named is stored only if that
    # question was asked itself, so counting it counts who was asked. Two
    # more queries, only when there are conditions.
    conditions = [q.shown_if_choice_id for q in questions if q.is_conditional]
    asked, respondents = {}, None
    if conditions:
        respondents = consultation.responses.count()
        asked = dict(
            Answer.objects.filter(choice_id__in=conditions)
            .values("choice_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("choice_id", "n")
        )
    results = []
    for question in questions:
        total = answered.get(question.pk, 0)
        item = {
            "question": question,
            "answered": total,
            "options": [],
            "texts": None,
            "asked": None,  # for conditional questions: how many were asked
            "respondents": None,
        }
        if question.is_conditional:
            item["asked"] = asked.get(question.shown_if_choice_id, 0)
            item["respondents"] = respondents
        if question.is_choice:
            for choice in question.choices.all():
                n = counts[(question.pk, choice.pk)]
                item["options"].append(
                    {
                        "choice": choice,
                        "count": n,
                        "percent": round(100 * n / total) if total else 0,
                    }
                )
        results.append(item)
    return results


def consultation_free_text(*, question: Question, limit: int = 200) -> list[Answer]:
    return list(
        Answer.objects.filter(question=question, choice__isnull=True)
        .exclude(text="")
        .select_related("response")
        .order_by("response__submitted_at")[:limit]
    )


def equality_summary(*, consultation: Consultation) -> list[dict]:
    """Equality answers in aggregate; any group under 10 people is suppressed,
    an empty group included: "fewer than 10" never tells 0 from 9."""
    summary = []
    for name in EqualityAnswer.FIELDS:
        field = EqualityAnswer._meta.get_field(name)
        rows = dict(
            EqualityAnswer.objects.filter(consultation=consultation)
            .exclude(**{name: ""})
            .values(name)
            .annotate(n=Count("id"))
            .values_list(name, "n")
        )
        groups = []
        for value, label in field.choices:
            n = rows.get(value, 0)
            groups.append(
                {
                    "label": label,
                    "count": n if n >= SUPPRESS_BELOW else None,
                }
            )
        summary.append({"label": field.verbose_name.capitalize(), "groups": groups})
    return summary


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a leading ' makes the cell plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def responses_csv(*, consultation: Consultation, chunk_size: int = 2000):
    """CSV lines of every response, one column per question, generated lazily.

    Memory stays flat whatever the number of responses: responses are read in
    chunks and their answers fetched per chunk.
    """
    questions = list(consultation.questions.order_by("order", "id"))
    choice_text = dict(
        Choice.objects.filter(question__consultation=consultation).values_list(
            "pk", "text"
        )
    )
    writer = csv.writer(_Echo())
    yield writer.writerow(
        ["Reference", "Submitted", "Channel", *[_safe_cell(q.text) for q in questions]]
    )
    last_id = 0
    while True:
        chunk = list(
            Response.objects.filter(consultation=consultation, pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "reference", "submitted_at", "channel")[:chunk_size]
        )
        if not chunk:
            return
        last_id = chunk[-1][0]
        answers: dict[int, dict[int, list[str]]] = {}
        for response_id, question_id, choice_id, text in Answer.objects.filter(
            response_id__in=[row[0] for row in chunk]
        ).values_list("response_id", "question_id", "choice_id", "text"):
            value = choice_text.get(choice_id, "") if choice_id else text
            answers.setdefault(response_id, {}).setdefault(question_id, []).append(
                value
            )
        for pk, reference, submitted_at, channel in chunk:
            mine = answers.get(pk, {})
            yield writer.writerow(
                [
                    reference,
                    timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M"),
                    channel,
                    *[_safe_cell("; ".join(mine.get(q.pk, []))) for q in questions],
                ]
            )


def outcome_public(*, consultation: Consultation) -> Outcome | None:
    """The published "we asked, you said, we did", with what each action links to."""
    return (
        Outcome.objects.filter(consultation=consultation, published_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=OutcomeAction.objects.select_related(
                    "priority__plan__partnership", "action__priority__plan__partnership"
                ),
            )
        )
        .first()
    )


# How long the "you said" headline on a priority's page may be, in words.
YOU_SAID_HEADLINE_WORDS = 40


def you_said_headline(text: str) -> str:
    """The headline finding of a "you said": its first paragraph, shortened."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Truncator(first).words(YOU_SAID_HEADLINE_WORDS, truncate="…")


def consultations_informing_actions(*, action_ids) -> dict[int, list[dict]]:
    """{action id: the public consultations whose published outcome names it},
    for the published actions ``action_ids`` shown to residents, latest closing
    first, as rows of ``title`` and ``results_url``. One query (none without
    actions)."""
    found: dict[int, list[dict]] = {}
    if not action_ids:
        return found
    rows = (
        OutcomeAction.objects.filter(
            action__in=action_ids,
            outcome__published_at__isnull=False,
            outcome__consultation__in=consultation_list_public().filter(
                status=Consultation.Status.PUBLISHED
            ),
        )
        .order_by("-outcome__consultation__closes_at", "order", "id")
        .values_list(
            "action_id",
            "outcome__consultation_id",
            "outcome__consultation__title",
            "outcome__consultation__slug",
            "outcome__consultation__partnership__slug",
        )
    )
    seen = set()
    for action_id, consultation_id, title, slug, partnership_slug in rows:
        if (action_id, consultation_id) in seen:
            continue
        seen.add((action_id, consultation_id))
        found.setdefault(action_id, []).append(
            {
                "title": title,
                "results_url": slug_url(
                    "engagement:results", partnership_slug=partnership_slug, slug=slug
                ),
            }
        )
    return found


def consultations_informing_priority(*, priority, actions) -> dict:
    """We asked, you said, we did, seen from a public priority's page.

    The public consultations linked to the priority, or whose published outcome
    names it or one of its actions, soonest closing last; for each with
    published results, the "you said" headline and the "we did" items that
    point at this priority or its ``actions`` (the published actions the page
    shows). ``by_action`` maps each of those actions' ids to the consultations
    whose published outcome names it. Drafts, scheduled consultations and
    unpublished outcomes never appear. Two queries, however many there are.
    """
    action_ids = {action.pk for action in actions}
    published = Q(
        outcome__published_at__isnull=False,
        status=Consultation.Status.PUBLISHED,
    )
    consultations = list(
        consultation_list_public()
        .filter(
            Q(priorities=priority)
            | published & Q(outcome__actions__priority=priority)
            | published & Q(outcome__actions__action__in=action_ids)
        )
        .select_related("outcome")
        .distinct()
        .order_by("-closes_at", "title")
    )
    results_public = {
        c.pk
        for c in consultations
        if c.status == Consultation.Status.PUBLISHED
        and getattr(c, "outcome", None) is not None
        and c.outcome.published_at is not None
    }
    we_did: dict[int, list[dict]] = {pk: [] for pk in results_public}
    by_action: dict[int, list[Consultation]] = {}
    by_pk = {c.pk: c for c in consultations}
    if results_public:
        rows = OutcomeAction.objects.filter(
            outcome__consultation__in=results_public
        ).filter(Q(priority=priority) | Q(action__in=action_ids))
        for row in rows.select_related("outcome").order_by("order", "id"):
            consultation_id = row.outcome.consultation_id
            action_id = row.action_id if row.action_id in action_ids else None
            we_did[consultation_id].append({"text": row.we_did, "action_id": action_id})
            if action_id is not None:
                linked = by_action.setdefault(action_id, [])
                if by_pk[consultation_id] not in linked:
                    linked.append(by_pk[consultation_id])
    return {
        "consultations": [
            {
                "consultation": c,
                "results_public": c.pk in results_public,
                "you_said": you_said_headline(c.outcome.you_said)
                if c.pk in results_public
                else "",
                "we_did": we_did.get(c.pk, []),
            }
            for c in consultations
        ],
        "by_action": by_action,
    }


# --- Staff pages ---------------------------------------------------------------


def consultation_list_for_staff(*, partnership) -> list[Consultation]:
    """Every consultation of a partnership in lifecycle order, each with its
    number of responses: one query."""
    return list(
        Consultation.objects.filter(partnership=partnership)
        .annotate(response_count=Count("responses"), rank=STATUS_RANK)
        .order_by("rank", "-opens_at", "title")
    )


def consultation_for_staff(*, pk: int) -> Consultation:
    """The consultation with its partnership and area (for permissions), or 404."""
    return get_object_or_404(
        Consultation.objects.select_related("partnership__area"), pk=pk
    )


def question_for_staff(*, pk: int) -> Question:
    """A question with its consultation's partnership and area, or 404."""
    return get_object_or_404(
        Question.objects.select_related("consultation__partnership__area"), pk=pk
    )


def question_list_for_staff(*, consultation: Consultation) -> list[Question]:
    """The questions in order, with their options and conditions."""
    return list(
        consultation.questions.select_related("shown_if_question", "shown_if_choice")
        .prefetch_related("choices")
        .order_by("order", "id")
    )


def question_conditions_for_staff(
    *, consultation: Consultation, before: Question | None = None
) -> list[Question]:
    """The choice questions a question may depend on, with their options: all
    of them for a new question (it goes at the end), else those before it."""
    questions = (
        consultation.questions.filter(kind__in=Question.CHOICE_KINDS)
        .prefetch_related("choices")
        .order_by("order", "id")
    )
    if before is None:
        return list(questions)
    return [q for q in questions if (q.order, q.pk) < (before.order, before.pk)]


def priority_list_for_consultation(*, consultation: Consultation) -> list:
    """The priorities a consultation is about, by plan."""
    return list(
        consultation.priorities.select_related("plan").order_by("plan__title", "order")
    )


def responses_by_channel(*, consultation: Consultation) -> list[dict]:
    """How many responses came by each channel, every channel listed."""
    counts = dict(
        Response.objects.filter(consultation=consultation)
        .values("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    return [
        {"label": label, "count": counts.get(value, 0)}
        for value, label in Response.Channel.choices
    ]


def consultation_results_for_staff(*, consultation: Consultation) -> list[dict]:
    """``consultation_results`` with the free-text answers of text questions."""
    results = consultation_results(consultation=consultation)
    for item in results:
        if not item["question"].is_choice:
            item["texts"] = consultation_free_text(question=item["question"])
    return results


def outcome_for_staff(*, consultation: Consultation) -> Outcome | None:
    """The outcome as last published (or None), with its "we did" items."""
    return (
        Outcome.objects.filter(consultation=consultation)
        .prefetch_related("actions")
        .first()
    )

"""The consultation lifecycle: what may happen to a consultation in each state,
and what people are told when it may not.

A consultation is a draft, then scheduled, open (from its opening time; the
beat job ``consultations_open_and_close`` moves the status), closed (at its
closing time, or early by a manager), and finally "results published". Whether
people have responded matters too: after the first response, questions can be
reworded but not added, removed or changed in substance.

This module is the one statement of those rules. Everything else asks it:

* staff pages refuse with ``refusal()`` (their ``not_now()``), so a page whose
  action cannot happen says why instead of showing a form that cannot succeed;
* services refuse writes with ``check()``, a ValidationError with the same
  message, under their own row lock, so a page left open cannot get round it;
* pages link only to the actions that ``offered()`` lists (templates get them
  from their view's context), and the public page takes responses only while
  ``may(..., Action.RESPOND)``.

Who may do each action is a separate question, answered by the permissions in
``engagement.rules``.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError

from engagement.models import Consultation

Status = Consultation.Status


class Action(enum.StrEnum):
    """Everything that can happen to a consultation."""

    EDIT = "edit"  # title, summary, background, priorities, settings
    ADD_QUESTION = "add_question"
    REWORD_QUESTION = "reword_question"  # a question's text and hint
    CHANGE_QUESTION = "change_question"  # its kind, options or being required
    DELETE_QUESTION = "delete_question"
    MOVE_QUESTION = "move_question"  # its place in the form
    PREVIEW = "preview"
    SCHEDULE = "schedule"
    CLOSE = "close"
    RESPOND = "respond"  # a resident, online
    KEY_IN = "key_in"  # an officer, from paper, an event or a phone call
    RESULTS = "results"  # the staff results page
    EXPORT = "export"  # every response as CSV
    PUBLISH_OUTCOME = "publish_outcome"  # "we asked, you said, we did"


class State:
    """What the rules look at: the status, whether it is open now, and whether
    it has questions and responses.

    Each fact is read when a rule first needs it; a caller that knows one
    already (the consultation page counts the responses anyway) passes it in.
    """

    def __init__(
        self,
        consultation: Consultation,
        *,
        now=None,
        answered: bool | None = None,
        has_questions: bool | None = None,
    ):
        self.consultation = consultation
        self.status = consultation.status
        self.now = now
        # Known already: the cached properties below are not read then.
        if answered is not None:
            self.answered = answered
        if has_questions is not None:
            self.has_questions = has_questions

    @cached_property
    def answered(self) -> bool:
        return self.consultation.responses.exists()

    @cached_property
    def has_questions(self) -> bool:
        return self.consultation.questions.exists()

    @cached_property
    def accepting_responses(self) -> bool:
        """Open by its status and its opening and closing times."""
        return self.consultation.is_accepting_responses(self.now)

    @property
    def opened(self) -> bool:
        """Open or closed, or due to open already (before the beat job has run)."""
        return self.status in (Status.OPEN, Status.CLOSED) or self.accepting_responses


@dataclass(frozen=True)
class Rule:
    """The action may not happen while ``applies(state)``; ``message`` says why."""

    applies: Callable[[State], bool]
    message: str
    # The consultation page still links to the action while only this rule
    # stands in the way, so that the page can say what to do first.
    still_offered: bool = False


def _status_in(*statuses) -> Callable[[State], bool]:
    return lambda state: state.status in statuses


def _status_not_in(*statuses) -> Callable[[State], bool]:
    return lambda state: state.status not in statuses


def _answered(state: State) -> bool:
    return state.answered


QUESTIONS_FIXED = (
    "People have already responded, so questions can no longer be added, "
    "removed or changed in substance."
)
# Shown beside the questions once people have responded.
QUESTIONS_FIXED_NOTE = (
    "People have responded, so questions can be reworded but not added, removed "
    "or changed in substance."
)

RULES: dict[Action, tuple[Rule, ...]] = {
    Action.EDIT: (
        Rule(
            _status_in(Status.PUBLISHED),
            "The results have been published, so the consultation cannot be changed.",
        ),
    ),
    Action.ADD_QUESTION: (Rule(_answered, QUESTIONS_FIXED),),
    Action.REWORD_QUESTION: (),
    Action.CHANGE_QUESTION: (Rule(_answered, QUESTIONS_FIXED),),
    Action.DELETE_QUESTION: (
        Rule(
            _answered,
            "People have already responded, so questions can no longer be removed.",
        ),
    ),
    # Answers belong to their question, not to its place, so the order can
    # change until the results are published.
    Action.MOVE_QUESTION: (
        Rule(
            _status_in(Status.PUBLISHED),
            "The results have been published, so the questions cannot be reordered.",
        ),
    ),
    Action.PREVIEW: (),
    Action.SCHEDULE: (
        Rule(
            _status_in(Status.CLOSED, Status.PUBLISHED),
            "A closed consultation cannot be scheduled again.",
        ),
        Rule(
            lambda state: not state.has_questions,
            "Add at least one question before scheduling.",
            still_offered=True,
        ),
    ),
    Action.CLOSE: (
        Rule(
            _status_not_in(Status.SCHEDULED, Status.OPEN),
            "Only a scheduled or open consultation can be closed.",
        ),
    ),
    Action.RESPOND: (
        Rule(
            lambda state: not state.accepting_responses,
            "This consultation is closed, so it cannot take responses.",
        ),
    ),
    # Paper forms posted before the closing date still count: officers key
    # them in until the results are published.
    Action.KEY_IN: (
        Rule(
            _status_in(Status.PUBLISHED),
            "The results have been published, so no more responses can be keyed in.",
        ),
        Rule(
            lambda state: not state.opened,
            "Responses can be keyed in once the consultation has opened.",
        ),
    ),
    # The results page and the spreadsheet work in every state (they are
    # empty before anyone responds); see OFFERED_WHEN for the link.
    Action.RESULTS: (),
    Action.EXPORT: (),
    # Publishing again replaces the outcome residents see.
    Action.PUBLISH_OUTCOME: (
        Rule(
            _status_not_in(Status.CLOSED, Status.PUBLISHED),
            "You can publish the outcome once the consultation has closed.",
        ),
    ),
}

# Actions the consultation page links to only in some of the states that
# allow them: a draft has no results to look at yet.
OFFERED_WHEN: dict[Action, Callable[[State], bool]] = {
    Action.RESULTS: _status_not_in(Status.DRAFT),
}


def _state(consultation_or_state, now=None, **known) -> State:
    if isinstance(consultation_or_state, State):
        return consultation_or_state
    return State(consultation_or_state, now=now, **known)


def refusal(consultation, action: Action, *, now=None, **known) -> str | None:
    """Why ``action`` may not happen to the consultation now, or None if it may.

    ``consultation`` is a Consultation or a ``State``.
    """
    state = _state(consultation, now, **known)
    for rule in RULES[action]:
        if rule.applies(state):
            return rule.message
    return None


def may(consultation, action: Action, *, now=None, **known) -> bool:
    """Whether ``action`` may happen to the consultation now."""
    return refusal(consultation, action, now=now, **known) is None


def check(consultation, action: Action, *, now=None, **known) -> None:
    """For services: raise ValidationError with the reason if it may not."""
    reason = refusal(consultation, action, now=now, **known)
    if reason:
        raise ValidationError(reason)


def offered(consultation, *, now=None, **known) -> dict[str, bool]:
    """Which actions a page about the consultation links to, by action name."""
    state = _state(consultation, now, **known)
    return {
        action.value: not any(
            rule.applies(state) for rule in rules if not rule.still_offered
        )
        and OFFERED_WHEN.get(action, lambda _: True)(state)
        for action, rules in RULES.items()
    }


def questions_note(consultation, **known) -> str | None:
    """What the consultation page says beside the questions, if anything."""
    return QUESTIONS_FIXED_NOTE if _state(consultation, **known).answered else None


def residents_can_see(consultation) -> bool:
    """Whether the consultation has a public page: drafts and scheduled
    consultations are secret (``consultation_list_public``)."""
    return consultation.status in Consultation.PUBLIC_STATUSES


def results_are_public(consultation) -> bool:
    """Whether residents can read what the partnership heard and did."""
    return consultation.status == Status.PUBLISHED

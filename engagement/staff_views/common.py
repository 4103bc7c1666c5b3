"""What the consultation staff pages share: permissions, breadcrumbs, the
object each page is about, and the lifecycle check."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from engagement import lifecycle
from engagement.lifecycle import Action
from engagement.selectors import consultation_for_staff, question_for_staff
from partnerships.models import Partnership

VIEW = "partnerships.view_staff"
MANAGE = "engagement.manage_consultation"
KEY_IN = "engagement.key_in_response"
RESULTS = "engagement.view_results"

# The permission each lifecycle action needs; engagement/rules.py says who
# has it. A page for an action checks it, and links to the page show only to
# those who have it.
PERMISSIONS = {
    Action.EDIT: MANAGE,
    Action.ADD_QUESTION: MANAGE,
    Action.REWORD_QUESTION: MANAGE,
    Action.CHANGE_QUESTION: MANAGE,
    Action.DELETE_QUESTION: MANAGE,
    Action.MOVE_QUESTION: MANAGE,
    Action.PREVIEW: VIEW,
    Action.SCHEDULE: MANAGE,
    Action.CLOSE: MANAGE,
    Action.KEY_IN: KEY_IN,
    Action.RESULTS: RESULTS,
    Action.EXPORT: RESULTS,
    Action.PUBLISH_OUTCOME: MANAGE,
}


def actions_for(user, consultation, state=None) -> dict[str, bool]:
    """The actions to link to for this user, by action name (for templates):
    those the lifecycle offers in this state and the user has permission for."""
    offered = lifecycle.offered(state or consultation)
    allowed = {
        permission: user.has_perm(permission, consultation)
        for permission in set(PERMISSIONS.values())
    }
    return {
        action.value: offered[action.value] and allowed[permission]
        for action, permission in PERMISSIONS.items()
    }


def crumbs(partnership: Partnership, *extra) -> list:
    return [
        ("Your partnerships", reverse("manage:dashboard")),
        (partnership.name, reverse("manage:partnership", args=[partnership.slug])),
        ("Consultations", reverse("manage:consultation_list", args=[partnership.slug])),
        *extra,
    ]


def consultation_crumbs(consultation, *extra) -> list:
    return crumbs(
        consultation.partnership,
        (consultation.title, reverse("manage:consultation", args=[consultation.pk])),
        *extra,
    )


def consultation_url(consultation, anchor: str = "") -> str:
    return reverse("manage:consultation", args=[consultation.pk]) + anchor


class PartnershipObjectMixin:
    """The partnership named by the URL's slug; permissions are checked on it."""

    def get_object(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])


class ConsultationObjectMixin:
    """The consultation named by the URL's pk; permissions are checked on it."""

    def get_object(self):
        return consultation_for_staff(pk=self.kwargs["pk"])


class QuestionObjectMixin:
    """A question by pk; permissions are checked on its consultation."""

    def get_object(self):
        self.question = question_for_staff(pk=self.kwargs["pk"])
        return self.question.consultation


class LifecycleMixin:
    """A page for one lifecycle ``action`` on the consultation.

    It needs the action's permission, and (with ``NotNowMixin``) answers with
    the lifecycle's reason while the consultation's state does not allow it.
    """

    action: Action

    @property
    def permission(self) -> str:
        return PERMISSIONS[self.action]

    def not_now(self) -> str | None:
        return lifecycle.refusal(self.object, self.action)

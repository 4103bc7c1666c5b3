"""Staff pages for consultations: managers build and run them, officers key in
paper and event responses and read the results.

    consultations   the list, one consultation's page, create, edit, preview
    questions       add, change and delete questions
    running         schedule, close early, key in responses
    results         results, the CSV, publishing the outcome

Permissions (engagement/rules.py), always checked on the consultation's
partnership: reading a consultation needs any role in the partnership;
building, scheduling, closing and publishing need "engagement.manage_consultation";
results and the CSV need "engagement.view_results"; keying in needs
"engagement.key_in_response". Officers of other partnerships get 404.
What each state of the consultation allows is engagement.lifecycle's to say.
"""

from engagement.staff_views.consultations import (
    ConsultationCreateView,
    ConsultationEditView,
    ConsultationListView,
    ConsultationManageView,
    ConsultationPreviewView,
)
from engagement.staff_views.questions import (
    QuestionCreateView,
    QuestionDeleteView,
    QuestionEditView,
    QuestionMoveView,
)
from engagement.staff_views.results import (
    ConsultationExportView,
    ConsultationResultsView,
    OutcomePublishView,
)
from engagement.staff_views.running import (
    ConsultationCloseView,
    ConsultationScheduleView,
    ResponseCreateView,
)

__all__ = [
    "ConsultationCloseView",
    "ConsultationCreateView",
    "ConsultationEditView",
    "ConsultationExportView",
    "ConsultationListView",
    "ConsultationManageView",
    "ConsultationPreviewView",
    "ConsultationResultsView",
    "ConsultationScheduleView",
    "OutcomePublishView",
    "QuestionCreateView",
    "QuestionDeleteView",
    "QuestionEditView",
    "QuestionMoveView",
    "ResponseCreateView",
]

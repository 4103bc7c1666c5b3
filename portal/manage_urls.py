"""Staff pages for officers, all under /manage/ (namespace "manage")."""

from django.urls import path

from engagement import staff_views as consultation_views
from partnerships import staff_views as partnership_views
from plans import deadline_views
from plans import staff_views as plan_views
from priorities import crime_staff_views
from priorities import staff_views as priority_views

app_name = "manage"

urlpatterns = [
    path("", partnership_views.DashboardView.as_view(), name="dashboard"),
    path(
        "partnerships/<slug:slug>/",
        partnership_views.PartnershipManageView.as_view(),
        name="partnership",
    ),
    path(
        "partnerships/<slug:slug>/calendar/",
        deadline_views.CalendarSubscriptionView.as_view(),
        name="calendar",
    ),
    path("deadlines/", deadline_views.DeadlineListView.as_view(), name="deadlines"),
    path(
        "deadlines/<int:pk>/done/",
        deadline_views.DeadlineCompleteView.as_view(),
        name="deadline_complete",
    ),
    path("plans/<int:pk>/", plan_views.PlanManageView.as_view(), name="plan"),
    path("plans/<int:pk>/edit/", plan_views.PlanEditView.as_view(), name="plan_edit"),
    path(
        "plans/<int:pk>/publish/",
        plan_views.PlanPublishView.as_view(),
        name="plan_publish",
    ),
    path(
        "plans/<int:pk>/unpublish/",
        plan_views.PlanUnpublishView.as_view(),
        name="plan_unpublish",
    ),
    path(
        "plans/<int:pk>/history/",
        plan_views.PlanHistoryView.as_view(),
        name="plan_history",
    ),
    path(
        "plans/<int:pk>/sections/add/",
        plan_views.SectionCreateView.as_view(),
        name="section_add",
    ),
    path(
        "sections/<int:pk>/edit/",
        plan_views.SectionEditView.as_view(),
        name="section_edit",
    ),
    path(
        "plans/<int:pk>/priorities/add/",
        priority_views.PriorityCreateView.as_view(),
        name="priority_add",
    ),
    path(
        "priorities/<int:pk>/",
        priority_views.PriorityManageView.as_view(),
        name="priority",
    ),
    path(
        "priorities/<int:pk>/edit/",
        priority_views.PriorityEditView.as_view(),
        name="priority_edit",
    ),
    path(
        "priorities/<int:pk>/publish/",
        priority_views.PriorityPublishView.as_view(),
        name="priority_publish",
    ),
    path(
        "priorities/<int:pk>/unpublish/",
        priority_views.PriorityUnpublishView.as_view(),
        name="priority_unpublish",
    ),
    path(
        "priorities/<int:pk>/move/",
        priority_views.PriorityMoveView.as_view(),
        name="priority_move",
    ),
    path(
        "priorities/<int:pk>/history/",
        priority_views.PriorityHistoryView.as_view(),
        name="priority_history",
    ),
    path(
        "priorities/<int:pk>/actions/add/",
        priority_views.ActionCreateView.as_view(),
        name="action_add",
    ),
    path(
        "actions/<int:pk>/edit/",
        priority_views.ActionEditView.as_view(),
        name="action_edit",
    ),
    # Consultations: managers build and run them, officers key in and read results.
    path(
        "partnerships/<slug:slug>/consultations/",
        consultation_views.ConsultationListView.as_view(),
        name="consultation_list",
    ),
    path(
        "partnerships/<slug:slug>/consultations/add/",
        consultation_views.ConsultationCreateView.as_view(),
        name="consultation_add",
    ),
    path(
        "consultations/<int:pk>/",
        consultation_views.ConsultationManageView.as_view(),
        name="consultation",
    ),
    path(
        "consultations/<int:pk>/edit/",
        consultation_views.ConsultationEditView.as_view(),
        name="consultation_edit",
    ),
    path(
        "consultations/<int:pk>/questions/add/",
        consultation_views.QuestionCreateView.as_view(),
        name="question_add",
    ),
    path(
        "questions/<int:pk>/edit/",
        consultation_views.QuestionEditView.as_view(),
        name="question_edit",
    ),
    path(
        "questions/<int:pk>/delete/",
        consultation_views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    path(
        "consultations/<int:pk>/preview/",
        consultation_views.ConsultationPreviewView.as_view(),
        name="consultation_preview",
    ),
    path(
        "consultations/<int:pk>/schedule/",
        consultation_views.ConsultationScheduleView.as_view(),
        name="consultation_schedule",
    ),
    path(
        "consultations/<int:pk>/close/",
        consultation_views.ConsultationCloseView.as_view(),
        name="consultation_close",
    ),
    path(
        "consultations/<int:pk>/results/",
        consultation_views.ConsultationResultsView.as_view(),
        name="consultation_results",
    ),
    path(
        "consultations/<int:pk>/responses.csv",
        consultation_views.ConsultationExportView.as_view(),
        name="consultation_export",
    ),
    path(
        "consultations/<int:pk>/responses/add/",
        consultation_views.ResponseCreateView.as_view(),
        name="response_add",
    ),
    path(
        "consultations/<int:pk>/outcome/",
        consultation_views.OutcomePublishView.as_view(),
        name="outcome_publish",
    ),
    path(
        "crime-data/",
        crime_staff_views.CrimeImportListView.as_view(),
        name="crime_imports",
    ),
    path(
        "crime-data/<int:pk>/",
        crime_staff_views.CrimeImportDetailView.as_view(),
        name="crime_import",
    ),
]

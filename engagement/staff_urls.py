"""Staff pages for consultations: managers build and run them, officers key
in responses and read results.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from engagement import staff_views as views
from engagement.exports.views import ResponseExportDetailView

urlpatterns = [
    # Consultations: managers build and run them, officers key in and read results.
    path(
        "partnerships/<slug:slug>/consultations/",
        views.ConsultationListView.as_view(),
        name="consultation_list",
    ),
    path(
        "partnerships/<slug:slug>/consultations/add/",
        views.ConsultationCreateView.as_view(),
        name="consultation_add",
    ),
    path(
        "consultations/<int:pk>/",
        views.ConsultationManageView.as_view(),
        name="consultation",
    ),
    path(
        "consultations/<int:pk>/edit/",
        views.ConsultationEditView.as_view(),
        name="consultation_edit",
    ),
    path(
        "consultations/<int:pk>/questions/add/",
        views.QuestionCreateView.as_view(),
        name="question_add",
    ),
    path(
        "questions/<int:pk>/edit/",
        views.QuestionEditView.as_view(),
        name="question_edit",
    ),
    path(
        "questions/<int:pk>/delete/",
        views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    path(
        "questions/<int:pk>/move/",
        views.QuestionMoveView.as_view(),
        name="question_move",
    ),
    path(
        "consultations/<int:pk>/preview/",
        views.ConsultationPreviewView.as_view(),
        name="consultation_preview",
    ),
    path(
        "consultations/<int:pk>/schedule/",
        views.ConsultationScheduleView.as_view(),
        name="consultation_schedule",
    ),
    path(
        "consultations/<int:pk>/close/",
        views.ConsultationCloseView.as_view(),
        name="consultation_close",
    ),
    path(
        "consultations/<int:pk>/results/",
        views.ConsultationResultsView.as_view(),
        name="consultation_results",
    ),
    path(
        "consultations/<int:pk>/responses.csv",
        views.ConsultationExportView.as_view(),
        name="consultation_export",
    ),
    path(
        "exports/<int:pk>/",
        ResponseExportDetailView.as_view(),
        name="consultation_export_detail",
    ),
    path(
        "consultations/<int:pk>/responses/add/",
        views.ResponseCreateView.as_view(),
        name="response_add",
    ),
    path(
        "consultations/<int:pk>/outcome/",
        views.OutcomePublishView.as_view(),
        name="outcome_publish",
    ),
]

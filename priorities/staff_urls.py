"""Staff pages for priorities and their actions.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from priorities import staff_views as views

urlpatterns = [
    path(
        "plans/<int:pk>/priorities/add/",
        views.PriorityCreateView.as_view(),
        name="priority_add",
    ),
    path(
        "priorities/<int:pk>/",
        views.PriorityManageView.as_view(),
        name="priority",
    ),
    path(
        "priorities/<int:pk>/edit/",
        views.PriorityEditView.as_view(),
        name="priority_edit",
    ),
    path(
        "priorities/<int:pk>/publish/",
        views.PriorityPublishView.as_view(),
        name="priority_publish",
    ),
    path(
        "priorities/<int:pk>/unpublish/",
        views.PriorityUnpublishView.as_view(),
        name="priority_unpublish",
    ),
    path(
        "priorities/<int:pk>/move/",
        views.PriorityMoveView.as_view(),
        name="priority_move",
    ),
    path(
        "priorities/<int:pk>/history/",
        views.PriorityHistoryView.as_view(),
        name="priority_history",
    ),
    path(
        "priorities/<int:pk>/actions/add/",
        views.ActionCreateView.as_view(),
        name="action_add",
    ),
    path(
        "actions/<int:pk>/edit/",
        views.ActionEditView.as_view(),
        name="action_edit",
    ),
    path(
        "priorities/<int:pk>/evidence/",
        views.PriorityEvidenceView.as_view(),
        name="priority_evidence",
    ),
    path(
        "priorities/<int:pk>/indicators/add/",
        views.IndicatorCreateView.as_view(),
        name="indicator_add",
    ),
    path(
        "indicators/<int:pk>/edit/",
        views.IndicatorEditView.as_view(),
        name="indicator_edit",
    ),
]

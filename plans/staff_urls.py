"""Staff pages for plans and their sections.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from plans import staff_views as views

urlpatterns = [
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path(
        "plans/<int:pk>/publish/",
        views.PlanPublishView.as_view(),
        name="plan_publish",
    ),
    path(
        "plans/<int:pk>/unpublish/",
        views.PlanUnpublishView.as_view(),
        name="plan_unpublish",
    ),
    path(
        "plans/<int:pk>/history/",
        views.PlanHistoryView.as_view(),
        name="plan_history",
    ),
    path(
        "plans/<int:pk>/sections/add/",
        views.SectionCreateView.as_view(),
        name="section_add",
    ),
    path(
        "sections/<int:pk>/edit/",
        views.SectionEditView.as_view(),
        name="section_edit",
    ),
]

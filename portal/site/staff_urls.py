"""Staff pages that compose apps: the dashboard, a partnership, a plan.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from portal.site import staff_views as views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path(
        "partnerships/<slug:slug>/",
        views.PartnershipManageView.as_view(),
        name="partnership",
    ),
    path("plans/<int:pk>/", views.PlanManageView.as_view(), name="plan"),
    path("wards/<int:pk>/", views.WardManageView.as_view(), name="ward"),
    path("audit/", views.AuditTrailView.as_view(), name="audit"),
    path(
        "partnerships/<slug:slug>/officers/",
        views.OfficerListView.as_view(),
        name="officer_list",
    ),
    path(
        "partnerships/<slug:slug>/officers/<int:user_id>/",
        views.OfficerRolesView.as_view(),
        name="officer_roles",
    ),
    path(
        "partnerships/<slug:slug>/officers/<int:user_id>/revoke/",
        views.OfficerRevokeView.as_view(),
        name="officer_revoke",
    ),
]

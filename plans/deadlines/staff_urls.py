"""Staff pages for statutory deadlines.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from plans.deadlines import views

urlpatterns = [
    path(
        "partnerships/<slug:slug>/calendar/",
        views.CalendarSubscriptionView.as_view(),
        name="calendar",
    ),
    path("deadlines/", views.DeadlineListView.as_view(), name="deadlines"),
    path(
        "deadlines/<int:pk>/done/",
        views.DeadlineCompleteView.as_view(),
        name="deadline_complete",
    ),
]

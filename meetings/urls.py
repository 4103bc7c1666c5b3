"""Residents' meeting pages, under /partnerships/<slug>/meetings/ (namespace
"meetings"). A slug has no dot, so the calendar addresses never read as a
meeting."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("calendar.ics", views.meetings_feed, name="feed"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.meeting_calendar, name="ics"),
    path(
        "<slug:slug>/documents/<int:pk>/",
        views.meeting_document,
        name="document",
    ),
]

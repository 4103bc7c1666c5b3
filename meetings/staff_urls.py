"""Staff pages for meetings.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from meetings import staff_views as views

urlpatterns = [
    path(
        "partnerships/<slug:slug>/meetings/",
        views.MeetingListView.as_view(),
        name="meeting_list",
    ),
    path(
        "partnerships/<slug:slug>/meetings/add/",
        views.MeetingCreateView.as_view(),
        name="meeting_add",
    ),
    path("meetings/<int:pk>/", views.MeetingManageView.as_view(), name="meeting"),
    path(
        "meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"
    ),
    path(
        "meetings/<int:pk>/publish/",
        views.MeetingPublishView.as_view(),
        name="meeting_publish",
    ),
    path(
        "meetings/<int:pk>/unpublish/",
        views.MeetingUnpublishView.as_view(),
        name="meeting_unpublish",
    ),
    path(
        "meetings/<int:pk>/history/",
        views.MeetingHistoryView.as_view(),
        name="meeting_history",
    ),
    path(
        "meetings/<int:pk>/documents/add/",
        views.MeetingDocumentAddView.as_view(),
        name="meeting_document_add",
    ),
    path(
        "meeting-documents/<int:pk>/",
        views.MeetingDocumentDownloadView.as_view(),
        name="meeting_document",
    ),
    path(
        "meeting-documents/<int:pk>/remove/",
        views.MeetingDocumentRemoveView.as_view(),
        name="meeting_document_remove",
    ),
    path(
        "meetings/<int:pk>/attendance/",
        views.MeetingAttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/minutes/publish/",
        views.MeetingMinutesPublishView.as_view(),
        name="meeting_minutes_publish",
    ),
]

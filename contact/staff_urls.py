"""Staff pages for contact messages.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from contact import staff_views as views

urlpatterns = [
    path(
        "partnerships/<slug:slug>/messages/",
        views.InboxView.as_view(),
        name="contact_inbox",
    ),
    path("messages/<int:pk>/", views.MessageView.as_view(), name="contact_message"),
    path(
        "messages/<int:pk>/reply/",
        views.MessageReplyView.as_view(),
        name="contact_reply",
    ),
    path(
        "messages/<int:pk>/status/",
        views.MessageStatusView.as_view(),
        name="contact_message_status",
    ),
]

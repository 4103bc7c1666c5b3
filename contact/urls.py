"""The contact form, under /partnerships/<slug>/contact/ (namespace "contact")."""

from django.urls import path

from contact import views

app_name = "contact"

urlpatterns = [
    path("", views.ContactFormView.as_view(), name="form"),
    path("sent/<slug:reference>/", views.ContactSentView.as_view(), name="sent"),
]

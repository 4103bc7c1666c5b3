"""Open data pages (namespace "opendata") and Atom feeds (namespace "feeds")."""

from django.urls import path

from opendata import feeds, views

app_name = "opendata"

urlpatterns = [
    path("", views.DevelopersView.as_view(), name="developers"),
    path("api/", views.ApiReferenceView.as_view(), name="api_reference"),
]

feed_patterns = [
    path(
        "<slug:partnership_slug>/publications.atom",
        feeds.PublicationsFeed(),
        name="publications",
    ),
    path(
        "<slug:partnership_slug>/consultations.atom",
        feeds.ConsultationsFeed(),
        name="consultations",
    ),
    path(
        "<slug:partnership_slug>/meetings.atom",
        feeds.MeetingsFeed(),
        name="meetings",
    ),
]

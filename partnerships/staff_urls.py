"""Staff pages of the partnerships app, under /manage/ (``manage`` namespace)."""

from django.urls import path

from partnerships import staff_views as views

urlpatterns = [
    path(
        "wards/<int:pk>/contacts/<slug:kind>/",
        views.WardContactEditView.as_view(),
        name="ward_contact_edit",
    ),
]

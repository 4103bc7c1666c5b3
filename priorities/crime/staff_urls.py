"""Staff pages for police.uk crime imports.

Included under /manage/ in the ``manage`` namespace by ``portal.urls``.
"""

from django.urls import path

from priorities.crime import staff_views as views

urlpatterns = [
    path(
        "crime-data/",
        views.CrimeImportListView.as_view(),
        name="crime_imports",
    ),
    path(
        "crime-data/<int:pk>/",
        views.CrimeImportDetailView.as_view(),
        name="crime_import",
    ),
]

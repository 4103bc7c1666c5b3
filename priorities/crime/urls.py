from django.urls import path

from priorities.crime import views as crime_views

app_name = "crime"

urlpatterns = [
    path("", crime_views.CrimeStatisticsView.as_view(), name="statistics"),
    path(
        "by-month.csv",
        crime_views.CrimeCsvView.as_view(table="by-month"),
        name="csv_by_month",
    ),
    path(
        "year-on-year.csv",
        crime_views.CrimeCsvView.as_view(table="year-on-year"),
        name="csv_year_on_year",
    ),
    path(
        "by-ward.csv",
        crime_views.CrimeCsvView.as_view(table="by-ward"),
        name="csv_by_ward",
    ),
]

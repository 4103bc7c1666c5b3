from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("<slug:slug>/", views.PlanDetailView.as_view(), name="detail"),
]

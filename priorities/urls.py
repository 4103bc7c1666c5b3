from django.urls import path

from priorities import views

app_name = "priorities"

urlpatterns = [
    path("<slug:slug>/", views.PriorityDetailView.as_view(), name="detail"),
    path("<slug:slug>/history/", views.PriorityHistoryView.as_view(), name="history"),
]

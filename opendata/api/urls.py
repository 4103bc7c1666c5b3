"""``/api/v1/``: every resource, the schema, in the namespace "api"."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from opendata.api import views

app_name = "api"

router = SimpleRouter()
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("wards", views.WardViewSet, basename="ward")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("plan-sections", views.SectionViewSet, basename="section")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("actions", views.ActionViewSet, basename="action")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("deadlines", views.DeadlineViewSet, basename="deadline")
router.register("consultations", views.ConsultationViewSet, basename="consultation")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("crime-counts", views.CrimeCountViewSet, basename="crime-count")
router.register(
    "ward-crime-counts", views.WardCrimeCountViewSet, basename="ward-crime-count"
)

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    *router.urls,
]

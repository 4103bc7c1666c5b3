"""The read-only open data API, version 1 (``/api/v1/``).

Every resource is a list (paginated JSON, or every row as CSV with
``?format=csv``) and, where it has a natural identifier, a single item. All of
them read ``opendata.selectors``, which return published content only. Rate
limit, cache, ETag and Last-Modified are handled for every address under
``/api/`` by ``opendata.api.middleware``; CORS by django-cors-headers.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata import selectors
from opendata.api import filters
from opendata.api import serializers as s
from opendata.api.renderers import CSVRenderer
from opendata.downloads import chunked, csv_response, csv_rows

ID_REGEX = r"[0-9]{1,18}"
SLUG_REGEX = r"[-a-zA-Z0-9_]+"


class OpenDataViewSet(viewsets.GenericViewSet):
    """Lists as paginated JSON or a streamed CSV of every row; items as JSON."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    detail_serializer_class = None
    csv_name = ""
    lookup_value_regex = ID_REGEX

    @property
    def default_response_headers(self):
        # No "Vary: Accept": the format comes from the address alone.
        return {"Allow": ", ".join(self.allowed_methods)}

    def get_renderers(self):
        if self.action != "list":
            return [JSONRenderer()]
        return super().get_renderers()

    def get_serializer_class(self):
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": selectors.today()}

    def prepare_rows(self, objects: list) -> list:
        """What the serializer reads for a page (or CSV chunk) of objects."""
        return objects

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and isinstance(response, Response):
            # Errors are JSON whatever format was asked for.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class Rows(OpenDataViewSet):
    """A list: one page of JSON, or every row as CSV with ``?format=csv``."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == CSVRenderer.format:
            lines = csv_rows(
                self.get_serializer(many=True), chunked(queryset), self.prepare_rows
            )
            return csv_response(lines, filename=f"{self.csv_name}.csv")
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(self.prepare_rows(page), many=True)
        return self.get_paginated_response(serializer.data)


class RowsAndItems(Rows):
    """A list, and each of its items at its own address."""

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


def _summaries(many: str, one: str | None = None):
    views = {"list": extend_schema(summary=many)}
    if one is not None:
        views["retrieve"] = extend_schema(summary=one)
    return extend_schema_view(**views)


@_summaries("List partnerships", "One partnership")
class PartnershipViewSet(RowsAndItems):
    """Community safety partnerships, with their area, principles and boards."""

    serializer_class = s.PartnershipSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_name = "partnerships"

    def get_queryset(self):
        return selectors.partnership_list_open()


@_summaries("List member organisations", "One organisation")
class OrganisationViewSet(RowsAndItems):
    """Organisations that are members of a published partnership."""

    serializer_class = s.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_name = "organisations"

    def get_queryset(self):
        return selectors.organisation_list_open()


@_summaries("List memberships")
class MembershipViewSet(Rows):
    """Which organisation belongs to which partnership, in which role."""

    serializer_class = s.MembershipSerializer
    filterset_class = filters.MembershipFilter
    csv_name = "memberships"

    def get_queryset(self):
        return selectors.membership_list_open()


@_summaries("List wards", "One ward")
class WardViewSet(RowsAndItems):
    """Wards of the areas that published partnerships cover."""

    serializer_class = s.WardSerializer
    filterset_class = filters.WardFilter
    lookup_field = "code"
    lookup_value_regex = r"[EWSN][0-9]{8}"
    csv_name = "wards"

    def get_queryset(self):
        return selectors.ward_list_open()


@_summaries(
    "List plans and statutory documents", "One plan, with its sections and alignments"
)
class PlanViewSet(RowsAndItems):
    """Published (and superseded) plans, assessments, strategies and reports."""

    serializer_class = s.PlanSerializer
    detail_serializer_class = s.PlanDetailSerializer
    filterset_class = filters.PlanFilter
    csv_name = "plans"

    def get_queryset(self):
        if self.action == "list":
            return selectors.plan_list_open()
        return selectors.plan_detail_open()


@_summaries("List plan sections", "One plan section")
class SectionViewSet(RowsAndItems):
    """Published sections of public plans."""

    serializer_class = s.SectionListSerializer
    filterset_class = filters.SectionFilter
    csv_name = "plan-sections"

    def get_queryset(self):
        return selectors.section_list_open()


@_summaries("List priorities", "One priority")
class PriorityViewSet(RowsAndItems):
    """Published priorities of public plans, with their objectives."""

    serializer_class = s.PrioritySerializer
    filterset_class = filters.PriorityFilter
    csv_name = "priorities"

    def get_queryset(self):
        # Lists read plain rows (s.PriorityListSerializer says why); an item
        # is one instance.
        if self.action == "list":
            return selectors.priority_rows_open()
        return selectors.priority_list_open()

    def prepare_rows(self, objects):
        return selectors.priority_rows_related(objects)


@_summaries("List actions", "One action")
class ActionViewSet(RowsAndItems):
    """Published actions of published priorities."""

    serializer_class = s.ActionSerializer
    filterset_class = filters.ActionFilter
    csv_name = "actions"

    def get_queryset(self):
        return selectors.action_list_open()


@_summaries("List indicators, with targets and results", "One indicator")
class IndicatorViewSet(RowsAndItems):
    """What each priority measures: targets and results."""

    serializer_class = s.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    csv_name = "indicators"

    def get_queryset(self):
        return selectors.indicator_list_open()


@_summaries("List public statutory deadlines", "One statutory deadline")
class DeadlineViewSet(RowsAndItems):
    """Statutory deadlines residents may see, with their status today."""

    serializer_class = s.DeadlineSerializer
    filterset_class = filters.DeadlineFilter
    csv_name = "deadlines"

    def get_queryset(self):
        return selectors.deadline_list_open()


@_summaries("List consultations", "One consultation")
class ConsultationViewSet(RowsAndItems):
    """Open, closed and published consultations, and published results."""

    serializer_class = s.ConsultationSerializer
    filterset_class = filters.ConsultationFilter
    csv_name = "consultations"

    def get_queryset(self):
        return selectors.consultation_list_open()

    @extend_schema(
        summary="Published results of one consultation",
        description="We asked, you said, we did; how many chose each option; "
        "equality monitoring in totals with groups under 10 suppressed. "
        "404 until the results are published.",
        responses=s.ConsultationResultsSerializer,
        filters=False,
    )
    @action(detail=True, url_path="results", filterset_class=None)
    def results(self, request, *args, **kwargs):
        consultation = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        results = selectors.consultation_results_open(consultation=consultation)
        if results is None:
            raise NotFound("This consultation has no published results.")
        return Response(s.ConsultationResultsSerializer(results).data)


@_summaries("List meetings", "One meeting")
class MeetingViewSet(RowsAndItems):
    """Published meetings: annual public meetings, boards and ward panels."""

    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilter
    csv_name = "meetings"

    def get_queryset(self):
        return selectors.meeting_list_open()


@_summaries("List monthly crime counts")
class CrimeCountViewSet(Rows):
    """Crimes per area (borough or ward), month and crime type, with the source."""

    serializer_class = s.CrimeCountSerializer
    filterset_class = filters.CrimeCountFilter
    csv_name = "crime-counts"

    def get_queryset(self):
        return selectors.crime_count_list_open()

    def prepare_rows(self, objects):
        # Area names and import dates: two queries per page (or CSV chunk).
        names = selectors.crime_area_names(codes={c.area_code for c in objects})
        imported = selectors.crime_months_imported(months={c.month for c in objects})
        rows = []
        for count in objects:
            name, kind = names.get(count.area_code, ("", ""))
            rows.append(
                {
                    "area_code": count.area_code,
                    "area_name": name,
                    "area_kind": kind,
                    "month": count.month.strftime("%Y-%m"),
                    "crime_type": count.crime_type,
                    "count": count.count,
                    "source": selectors.crime_source(
                        imported_at=imported.get(count.month)
                    ),
                }
            )
        return rows


@_summaries("List the Met's monthly crime counts by ward")
class WardCrimeCountViewSet(Rows):
    """London's wards: the Metropolitan Police's ward-level series (its own major
    and minor categories, not police.uk's crime types), with the source. Rows
    are kept as the Met last revised them."""

    serializer_class = s.WardCrimeCountSerializer
    filterset_class = filters.WardCrimeCountFilter
    csv_name = "ward-crime-counts"

    def get_queryset(self):
        return selectors.ward_crime_count_list_open()

    def prepare_rows(self, objects):
        # Ward names and import dates: two queries per page (or CSV chunk).
        names = selectors.ward_names(codes={c.ward_code for c in objects})
        imported = selectors.met_months_imported(months={c.month for c in objects})
        rows = []
        for count in objects:
            name, borough = names.get(count.ward_code, ("", ""))
            rows.append(
                {
                    "ward_code": count.ward_code,
                    "ward_name": name,
                    "borough_code": borough,
                    "month": count.month.strftime("%Y-%m"),
                    "major_category": count.major_category,
                    "minor_category": count.minor_category,
                    "count": count.count,
                    "source": selectors.met_source(
                        imported_at=imported.get(count.month)
                    ),
                }
            )
        return rows


class ApiRootView(APIView):
    """What the API offers, with links to its schema and reference."""

    renderer_classes = [JSONRenderer]
    schema = None

    RESOURCES = (
        ("partnerships", "api:partnership-list"),
        ("organisations", "api:organisation-list"),
        ("memberships", "api:membership-list"),
        ("wards", "api:ward-list"),
        ("plans", "api:plan-list"),
        ("plan_sections", "api:section-list"),
        ("priorities", "api:priority-list"),
        ("actions", "api:action-list"),
        ("indicators", "api:indicator-list"),
        ("deadlines", "api:deadline-list"),
        ("consultations", "api:consultation-list"),
        ("meetings", "api:meeting-list"),
        ("crime_counts", "api:crime-count-list"),
        ("ward_crime_counts", "api:ward-crime-count-list"),
    )

    def get(self, request):
        absolute = request.build_absolute_uri
        return Response(
            {
                "resources": {
                    name: absolute(reverse(url_name))
                    for name, url_name in self.RESOURCES
                },
                "schema": absolute(reverse("api:schema")),
                "reference": absolute(reverse("opendata:api_reference")),
                "licence": "Open Government Licence v3.0",
            }
        )


class SchemaYamlRenderer(OpenApiYamlRenderer):
    format = "yaml"


class SchemaJsonRenderer(OpenApiJsonRenderer):
    format = "json"


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, as YAML (or JSON with ?format=json)."""

    renderer_classes = [SchemaYamlRenderer, SchemaJsonRenderer]

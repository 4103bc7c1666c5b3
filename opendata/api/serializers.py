"""What each API resource shows. Read-only: the API changes nothing.

Every row carries ``web_url``, the page residents read, where there is one.
Markdown written by officers is given as written (``*_markdown``) and as the
sanitised HTML the pages show (``*_html``).
"""

import re
from operator import itemgetter

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagement.models import Consultation
from meetings.models import Meeting, MeetingDocument
from partnerships.models import (
    Area,
    Board,
    Membership,
    Organisation,
    Partnership,
)
from plans.models import Deadline, Plan, PlanAlignment, PlanSection
from priorities.models import Action, Evidence, Indicator, Priority, priority_url

# The states a resident can see (drafts and scheduled consultations never).
PLAN_STATUSES = [
    (Plan.Status.PUBLISHED.value, Plan.Status.PUBLISHED.label),
    (Plan.Status.SUPERSEDED.value, Plan.Status.SUPERSEDED.label),
]
CONSULTATION_STATUSES = [(s.value, s.label) for s in Consultation.PUBLIC_STATUSES]


# A path from our URL configuration that build_absolute_uri would only prefix:
# rooted, and made of characters iri_to_uri leaves as they are.
_PLAIN_PATH = re.compile(r"/(?!/)[-A-Za-z0-9._~!$&'()*+,;=:@%/]*\Z")


def _absolute(request, path: str) -> str:
    """``request.build_absolute_uri(path)``; for a plain rooted path (every
    address a list links to), the request's scheme and host put in front, as
    it would, without parsing and quoting the path again for each entry."""
    if request is None:
        return path
    if _PLAIN_PATH.match(path) and "/./" not in path and "/../" not in path:
        origin = getattr(request, "_api_origin", None)
        if origin is None:
            origin = request._api_origin = request.build_absolute_uri("/")[:-1]
        return origin + path
    return request.build_absolute_uri(path)


class WebUrlMixin:
    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name", "kind"]


class BoardSerializer(serializers.ModelSerializer):
    objectives = serializers.SerializerMethodField()

    class Meta:
        model = Board
        fields = ["slug", "name", "kind", "aim", "objectives"]

    def get_objectives(self, board) -> list[str]:
        return [o.text for o in board.objectives.all()]


class PartnershipSerializer(WebUrlMixin, serializers.ModelSerializer):
    area = AreaSerializer()
    principles = serializers.SerializerMethodField()
    boards = BoardSerializer(many=True)
    description_html = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "slug",
            "name",
            "short_name",
            "area",
            "statutory_basis",
            "summary",
            "vision",
            "description",
            "description_html",
            "principles",
            "boards",
            "updated_at",
            "web_url",
        ]

    def get_principles(self, partnership) -> list[str]:
        return [p.text for p in partnership.principles.all()]

    def get_description_html(self, partnership) -> str:
        return partnership.description_html


class OrganisationSerializer(serializers.ModelSerializer):
    successor = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The body that took over its work, once it has ended; null "
        "while it exists.",
    )

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "website",
            "ended_on",
            "successor",
            "end_note",
        ]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class MembershipSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = OrganisationSerializer()

    current = serializers.SerializerMethodField(
        help_text="A member today: neither the membership nor the organisation "
        "has ended."
    )

    class Meta:
        model = Membership
        fields = [
            "partnership",
            "organisation",
            "role",
            "started_on",
            "ended_on",
            "current",
        ]

    def get_current(self, membership) -> bool:
        return membership.ended(timezone.localdate()) is None


class WardSerializer(serializers.ModelSerializer):
    borough = AreaSerializer(source="parent")
    partnership = serializers.CharField(source="partnership_slug")
    current = serializers.SerializerMethodField(
        help_text="In force today; false for a ward abolished by a boundary review."
    )
    replaced_by = serializers.SerializerMethodField(
        help_text="An abolished ward: ONS codes of the current wards that took in "
        "its area. Empty for a current ward."
    )
    web_url = serializers.SerializerMethodField(
        help_text="The ward's page: current wards only."
    )

    class Meta:
        model = Area
        fields = [
            "code",
            "name",
            "slug",
            "borough",
            "partnership",
            "current",
            "valid_from",
            "valid_to",
            "replaced_by",
            "population",
            "web_url",
        ]
        extra_kwargs = {
            "valid_from": {"help_text": "The day the ward came into force, if known."},
            "valid_to": {"help_text": "The ward's last day; null while it is current."},
            "population": {
                "help_text": "Usual residents at the 2021 Census (sum of its LSOAs)."
            },
        }

    def get_current(self, ward) -> bool:
        return ward.valid_to is None

    def get_replaced_by(self, ward) -> list[str]:
        if ward.valid_to is None:
            return []
        return [w.code for w in ward.replaced_by]

    @extend_schema_field(
        {"type": "string", "format": "uri", "nullable": True, "readOnly": True}
    )
    def get_web_url(self, ward) -> str | None:
        path = ward.get_absolute_url()
        return _absolute(self.context.get("request"), path) if path else None


# --- Plans -----------------------------------------------------------------------


class PlanSerializer(WebUrlMixin, serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(
        choices=PLAN_STATUSES,
        help_text="superseded: replaced by a newer document, kept for the record.",
    )
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "partnership",
            "kind",
            "title",
            "slug",
            "status",
            "start_year",
            "end_year",
            "summary",
            "published_on",
            "web_url",
        ]


class SectionSerializer(serializers.ModelSerializer):
    body_markdown = serializers.CharField(source="body")
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = PlanSection
        fields = ["id", "title", "slug", "order", "body_markdown", "body_html"]

    def get_body_html(self, section) -> str:
        return section.body_html


class SectionListSerializer(SectionSerializer):
    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    partnership = serializers.CharField(source="plan.partnership.slug")

    class Meta(SectionSerializer.Meta):
        fields = ["id", "plan", "partnership", *SectionSerializer.Meta.fields[1:]]


class AlignmentSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title")
    plan = serializers.SerializerMethodField()

    class Meta:
        model = PlanAlignment
        fields = ["title", "publisher", "url", "note", "plan"]

    def get_plan(self, alignment) -> int | None:
        """The aligned plan's id in this API, if it is a public plan here."""
        aligned = alignment.aligned_plan
        return aligned.pk if aligned is not None and aligned.is_public else None


class PlanDetailSerializer(PlanSerializer):
    sections = SectionSerializer(many=True)
    alignments = AlignmentSerializer(many=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sections", "alignments"]


# --- Priorities ------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["kind", "detail"]


class BoardRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Board
        fields = ["slug", "name", "kind"]


class PriorityListSerializer(serializers.ListSerializer):
    """Lists of priorities, from plain rows (``selectors.priority_rows_open``
    with ``priority_rows_related``) rather than model instances.

    ``PrioritySerializer`` stays the one description of an entry: the schema,
    the item and the CSV columns come from its fields, and each row here is
    written with exactly its ``Meta.fields``, in that order, and each nested
    object with its serializer's ``Meta.fields``. Only how a field's value is
    read from a row is said again, in ``row_readers``. Going through DRF's
    fields for every value of 50 entries, and building the instances behind
    them, cost several times what the rest of a page does;
    tests/opendata/api/test_priority_rows.py holds both ways to the same
    output.
    """

    def to_representation(self, data):
        readers = self.child.row_readers(self.context.get("request"))
        fields = self.child.Meta.fields
        return [{name: readers[name](row) for name in fields} for row in data]


def _nested(serializer_class, items: list[dict]) -> list[dict]:
    fields = serializer_class.Meta.fields
    return [{name: item[name] for name in fields} for item in items]


def _nested_one(serializer_class, item: dict | None) -> dict | None:
    if item is None:
        return None
    return {name: item[name] for name in serializer_class.Meta.fields}


class PrioritySerializer(WebUrlMixin, serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    partnership = serializers.CharField(source="plan.partnership.slug")
    delivery_group = BoardRefSerializer(allow_null=True)
    description_html = serializers.SerializerMethodField()
    informed_by = EvidenceSerializer(source="evidence", many=True)
    places_in_focus = AreaSerializer(source="locations", many=True)
    objectives = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Priority
        list_serializer_class = PriorityListSerializer
        fields = [
            "id",
            "plan",
            "partnership",
            "title",
            "slug",
            "order",
            "summary",
            "description",
            "description_html",
            "delivery_group",
            "informed_by",
            "places_in_focus",
            "objectives",
            "web_url",
        ]

    def get_description_html(self, priority) -> str:
        return priority.description_html

    def get_objectives(self, priority) -> list[str]:
        return [o.text for o in priority.objectives.all()]

    @staticmethod
    def row_readers(request) -> dict:
        """How ``PriorityListSerializer`` reads each field from a plain row."""

        def web_url(row):  # get_web_url's answer, from the row's slugs
            return _absolute(
                request,
                priority_url(
                    row["plan__partnership__slug"], row["plan__slug"], slug=row["slug"]
                ),
            )

        return {
            "id": itemgetter("id"),
            "plan": itemgetter("plan_id"),
            "partnership": itemgetter("plan__partnership__slug"),
            "title": itemgetter("title"),
            "slug": itemgetter("slug"),
            "order": itemgetter("order"),
            "summary": itemgetter("summary"),
            "description": itemgetter("description"),
            "description_html": itemgetter("description_html"),
            "delivery_group": lambda row: _nested_one(
                BoardRefSerializer, row["delivery_group"]
            ),
            "informed_by": lambda row: _nested(EvidenceSerializer, row["evidence"]),
            "places_in_focus": lambda row: _nested(AreaSerializer, row["locations"]),
            "objectives": itemgetter("objectives"),
            "web_url": web_url,
        }


class ActionSerializer(serializers.ModelSerializer):
    priority = serializers.PrimaryKeyRelatedField(read_only=True)
    partnership = serializers.CharField(source="priority.plan.partnership.slug")
    lead_organisation = OrganisationRefSerializer(allow_null=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "priority",
            "partnership",
            "title",
            "lead_organisation",
            "due_date",
            "status",
            "is_example",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    priority = serializers.PrimaryKeyRelatedField(read_only=True)
    partnership = serializers.CharField(source="priority.plan.partnership.slug")
    measured_period = serializers.CharField(source="period")
    target_percent = serializers.DecimalField(
        max_digits=6, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    change_percent = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    result = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "priority",
            "partnership",
            "name",
            "unit",
            "direction",
            "baseline_period",
            "measured_period",
            "target_percent",
            "change_value",
            "change_percent",
            "result",
            "crime_type",
            "baseline_month",
            "measured_month",
            "set_by",
            "set_on",
            "is_assumption",
            "provenance_note",
        ]

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[*Indicator.Result.values, ""],
            help_text="By the rule the pages state: achieved or missed once the "
            "period is over, on_track or off_track while it runs, not_measurable "
            "without a change yet; empty when a finished period has no result "
            "recorded.",
        )
    )
    def get_result(self, indicator) -> str:
        return indicator.result or ""


class DeadlineSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    duty = serializers.CharField(source="duty.kind")
    title = serializers.CharField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "partnership",
            "duty",
            "title",
            "period_label",
            "due_date",
            "status",
            "completed_on",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Deadline.Status.values))
    def get_status(self, deadline) -> str:
        return deadline.status_on(self.context["today"])


# --- Consultations ---------------------------------------------------------------


class ConsultationSerializer(WebUrlMixin, serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(
        choices=CONSULTATION_STATUSES,
        help_text="open: taking responses; closed; published: results published.",
    )
    background_markdown = serializers.CharField(source="background")
    background_html = serializers.SerializerMethodField()
    priorities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    results_published = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "partnership",
            "title",
            "slug",
            "summary",
            "background_markdown",
            "background_html",
            "status",
            "opens_at",
            "closes_at",
            "priorities",
            "results_published",
            "web_url",
        ]

    def get_background_html(self, consultation) -> str:
        return consultation.background_html

    def get_results_published(self, consultation) -> bool:
        return consultation.status == Consultation.Status.PUBLISHED


class OptionCountSerializer(serializers.Serializer):
    text = serializers.CharField(source="choice.text")
    count = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Of the people who answered.")


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    answered = serializers.IntegerField(help_text="People who answered it.")
    asked = serializers.IntegerField(
        allow_null=True,
        help_text="For a question asked only after a given answer to an earlier "
        "one: how many respondents were asked it. Null for questions asked of all.",
    )
    options = OptionCountSerializer(
        many=True, help_text="Empty for questions answered in people's own words."
    )


class EqualityGroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True,
        help_text="Null when fewer than 10 people (including none) are in the group.",
    )
    suppressed = serializers.BooleanField()


class EqualityQuestionSerializer(serializers.Serializer):
    label = serializers.CharField()
    groups = EqualityGroupSerializer(many=True)


class WeDidSerializer(serializers.Serializer):
    text = serializers.CharField()
    priority = serializers.IntegerField(allow_null=True)
    action = serializers.IntegerField(allow_null=True)


class ConsultationResultsSerializer(serializers.Serializer):
    consultation = serializers.IntegerField(source="consultation.pk")
    published_at = serializers.DateTimeField(source="outcome.published_at")
    we_asked = serializers.CharField(source="outcome.we_asked")
    you_said = serializers.CharField(source="outcome.you_said")
    we_did = WeDidSerializer(many=True)
    questions = QuestionResultSerializer(many=True)
    equality = EqualityQuestionSerializer(
        many=True,
        help_text="Equality monitoring in totals only; groups under 10 suppressed.",
    )


# --- Meetings --------------------------------------------------------------------


class MeetingDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where to download it.")

    class Meta:
        model = MeetingDocument
        fields = ["kind", "title", "content_type", "size", "url"]
        extra_kwargs = {"size": {"help_text": "In bytes."}}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        meeting = document.meeting
        path = reverse(
            "meetings:document",
            kwargs={
                "partnership_slug": meeting.partnership.slug,
                "slug": meeting.slug,
                "pk": document.pk,
            },
        )
        return _absolute(self.context.get("request"), path)


class MeetingSerializer(WebUrlMixin, serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    ward = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="ONS code of the ward the meeting is for (ward panels); null "
        "for a meeting of the whole partnership.",
    )
    summary_markdown = serializers.CharField(
        source="summary", help_text="What will be discussed, how to take part."
    )
    minutes_published_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the minutes were published; null until they are.",
    )
    documents = MeetingDocumentSerializer(
        source="public_documents",
        many=True,
        help_text="The agenda and papers, and the minutes once published.",
    )
    web_url = serializers.SerializerMethodField(
        help_text="The meeting's page, with its agenda, papers and minutes."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "partnership",
            "kind",
            "title",
            "slug",
            "ward",
            "starts_at",
            "ends_at",
            "place",
            "accessibility",
            "online_url",
            "summary_markdown",
            "minutes_published_at",
            "documents",
            "web_url",
        ]
        extra_kwargs = {
            "place": {"help_text": "The venue and its address; empty if online only."},
            "online_url": {"help_text": "The link to join online, if there is one."},
        }


# --- Crime -----------------------------------------------------------------------


class CrimeSourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    licence = serializers.CharField()
    attribution = serializers.CharField()
    imported_at = serializers.DateTimeField(
        allow_null=True, help_text="When this month's figures were last imported."
    )


class CrimeCountSerializer(serializers.Serializer):
    area_code = serializers.CharField(help_text="ONS code of the borough or ward.")
    area_name = serializers.CharField()
    area_kind = serializers.ChoiceField(
        choices=[Area.Kind.LOCAL_AUTHORITY.value, Area.Kind.WARD.value, ""]
    )
    month = serializers.CharField(help_text="YYYY-MM")
    crime_type = serializers.CharField()
    count = serializers.IntegerField()
    source = CrimeSourceSerializer()


class WardCrimeCountSerializer(serializers.Serializer):
    ward_code = serializers.CharField(help_text="ONS code of the ward.")
    ward_name = serializers.CharField()
    borough_code = serializers.CharField(help_text="ONS code of its borough.")
    month = serializers.CharField(help_text="YYYY-MM")
    major_category = serializers.CharField(help_text="The Met's major category.")
    minor_category = serializers.CharField(help_text="The Met's minor category.")
    count = serializers.IntegerField()
    source = CrimeSourceSerializer()

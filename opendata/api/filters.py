"""Filters for the API's lists (django-filter): partnership, ward, period, type.

Every parameter is checked: a value that does not fit (a month that is not
YYYY-MM, a year outside 1998-2100) gets a 400 answer naming the parameter,
never a server error. A partnership or ward that does not exist, or is not
public, simply matches nothing.
"""

import datetime
import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field

from engagement.models import Consultation
from meetings.models import Meeting
from opendata import selectors
from opendata.api.serializers import CONSULTATION_STATUSES, PLAN_STATUSES
from partnerships.models import Area, Membership, Organisation
from plans.models import Deadline, Plan, PlanSection
from priorities.models import (
    Action,
    Indicator,
    MetWardCrimeCount,
    MonthlyCrimeCount,
    Priority,
)

MONTH_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
ONS_CODE_PATTERN = r"^[EWSN][0-9]{8}$"
FIRST_YEAR, LAST_YEAR = 1998, 2100


class MonthField(forms.CharField):
    """A calendar month written YYYY-MM, as the first day of that month."""

    default_error_messages = {"invalid": "Enter a month as YYYY-MM, like 2024-01."}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.match(MONTH_PATTERN, value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1)


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2024-01"})
class MonthFilter(django_filters.Filter):
    field_class = MonthField


def _pattern_field(pattern: str, message: str):
    class PatternField(forms.CharField):
        default_validators = [RegexValidator(pattern, message)]

    return PatternField


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN})
class SlugFilter(django_filters.CharFilter):
    field_class = _pattern_field(
        SLUG_PATTERN, "Enter a slug: letters, numbers, hyphens or underscores."
    )


@extend_schema_field({"type": "string", "pattern": ONS_CODE_PATTERN})
class OnsCodeFilter(django_filters.CharFilter):
    field_class = _pattern_field(
        ONS_CODE_PATTERN, "Enter an ONS code: a letter and 8 digits, like E05000400."
    )


@extend_schema_field(
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR, "example": 2025}
)
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**53})
class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**53)
        super().__init__(*args, **kwargs)


def _covering_year(prefix: str):
    """Filter method: documents (or their plan) whose period covers the year."""

    def method(queryset, name, value):
        return queryset.filter(
            **{f"{prefix}start_year__lte": value, f"{prefix}end_year__gte": value}
        )

    return method


class OrganisationFilter(django_filters.FilterSet):
    partnership = SlugFilter(
        method="member_of", help_text="Members of this partnership (its slug)."
    )
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = ["partnership", "kind"]

    def member_of(self, queryset, name, value):
        return queryset.filter(
            memberships__partnership__slug=value,
            memberships__partnership__is_published=True,
        ).distinct()


class MembershipFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="partnership__slug")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["partnership", "role"]


class WardFilter(django_filters.FilterSet):
    partnership = SlugFilter(
        field_name="parent__partnerships__slug",
        help_text="Wards in this partnership's area.",
    )
    current = django_filters.BooleanFilter(
        field_name="valid_to",
        lookup_expr="isnull",
        help_text="true: wards in force today; false: wards abolished by a "
        "boundary review. Both when absent.",
    )

    class Meta:
        model = Area
        fields = ["partnership", "current"]


class PlanFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="partnership__slug")
    kind = django_filters.ChoiceFilter(choices=Plan.Kind.choices)
    status = django_filters.ChoiceFilter(choices=PLAN_STATUSES)
    year = YearFilter(
        method="covering_year", help_text="Documents whose period covers this year."
    )

    class Meta:
        model = Plan
        fields = ["partnership", "kind", "status", "year"]

    covering_year = staticmethod(_covering_year(""))


class SectionFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="plan__partnership__slug")
    plan = IdFilter(field_name="plan_id")

    class Meta:
        model = PlanSection
        fields = ["partnership", "plan"]


class PriorityFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="plan__partnership__slug")
    plan = IdFilter(field_name="plan_id")
    ward = OnsCodeFilter(
        method="in_ward", help_text="Priorities with this ward (ONS code) in focus."
    )
    year = YearFilter(
        method="covering_year", help_text="Priorities of plans covering this year."
    )

    class Meta:
        model = Priority
        fields = ["partnership", "plan", "ward", "year"]

    covering_year = staticmethod(_covering_year("plan__"))

    def in_ward(self, queryset, name, value):
        return queryset.filter(locations__code=value).distinct()


class ActionFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="priority__plan__partnership__slug")
    priority = IdFilter(field_name="priority_id")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    ward = OnsCodeFilter(
        method="in_ward", help_text="Actions of priorities with this ward in focus."
    )
    year = YearFilter(
        method="covering_year", help_text="Actions of plans covering this year."
    )
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["partnership", "priority", "status", "ward", "year"]

    covering_year = staticmethod(_covering_year("priority__plan__"))

    def in_ward(self, queryset, name, value):
        return queryset.filter(priority__locations__code=value).distinct()


class IndicatorFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="priority__plan__partnership__slug")
    priority = IdFilter(field_name="priority_id")
    crime_type = django_filters.CharFilter(help_text="The police.uk crime type.")
    year = YearFilter(
        method="covering_year", help_text="Indicators of plans covering this year."
    )

    class Meta:
        model = Indicator
        fields = ["partnership", "priority", "crime_type", "year"]

    covering_year = staticmethod(_covering_year("priority__plan__"))


class DeadlineFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="partnership__slug")
    duty = django_filters.ChoiceFilter(
        field_name="duty__kind",
        choices=[(k.value, k.label) for k in selectors.PUBLIC_DUTY_KINDS],
    )
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Deadline
        fields = ["partnership", "duty", "due_from", "due_to"]


class ConsultationFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="partnership__slug")
    status = django_filters.ChoiceFilter(choices=CONSULTATION_STATUSES)
    open_on = django_filters.DateFilter(
        method="open_on_date", help_text="Consultations open at some time on this date."
    )

    class Meta:
        model = Consultation
        fields = ["partnership", "status", "open_on"]

    def open_on_date(self, queryset, name, value):
        return queryset.filter(opens_at__date__lte=value, closes_at__date__gte=value)


class MeetingFilter(django_filters.FilterSet):
    partnership = SlugFilter(field_name="partnership__slug")
    ward = OnsCodeFilter(
        field_name="ward__code", help_text="Meetings for this ward (ONS code)."
    )
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    starts_from = django_filters.DateFilter(
        field_name="starts_at__date",
        lookup_expr="gte",
        help_text="Meetings starting on or after this date.",
    )
    starts_to = django_filters.DateFilter(
        field_name="starts_at__date",
        lookup_expr="lte",
        help_text="Meetings starting on or before this date.",
    )
    upcoming = django_filters.BooleanFilter(
        method="still_to_come",
        help_text="true: meetings not yet over; false: meetings held. Both when "
        "absent.",
    )

    class Meta:
        model = Meeting
        fields = ["partnership", "ward", "kind", "starts_from", "starts_to", "upcoming"]

    def still_to_come(self, queryset, name, value):
        now = timezone.now()
        return (
            queryset.filter(ends_at__gte=now)
            if value
            else queryset.filter(ends_at__lt=now)
        )


class CrimeCountFilter(django_filters.FilterSet):
    partnership = SlugFilter(
        method="of_partnership",
        help_text="Counts for the partnership's borough and its wards.",
    )
    area = OnsCodeFilter(field_name="area_code", help_text="A borough or ward.")
    ward = OnsCodeFilter(field_name="area_code", help_text="A ward's ONS code.")
    level = django_filters.ChoiceFilter(
        method="at_level",
        choices=[("borough", "Boroughs only"), ("ward", "Wards only")],
    )
    month = MonthFilter(field_name="month")
    month_from = MonthFilter(field_name="month", lookup_expr="gte")
    month_to = MonthFilter(field_name="month", lookup_expr="lte")
    crime_type = django_filters.CharFilter(help_text="The police.uk crime type.")

    class Meta:
        model = MonthlyCrimeCount
        fields = [
            "partnership",
            "area",
            "ward",
            "level",
            "month",
            "month_from",
            "month_to",
            "crime_type",
        ]

    def of_partnership(self, queryset, name, value):
        codes = selectors.crime_area_codes_for_partnership(partnership_slug=value)
        return queryset.filter(area_code__in=codes)

    def at_level(self, queryset, name, value):
        # Borough codes are E06-E09 (and W06); ward codes E05 and W05.
        ward = Q(area_code__startswith="E05") | Q(area_code__startswith="W05")
        return queryset.filter(ward) if value == "ward" else queryset.exclude(ward)


class WardCrimeCountFilter(django_filters.FilterSet):
    partnership = SlugFilter(
        method="of_partnership",
        help_text="Counts for the current wards of the partnership's borough.",
    )
    ward = OnsCodeFilter(field_name="ward_code", help_text="A ward's ONS code.")
    month = MonthFilter(field_name="month")
    month_from = MonthFilter(field_name="month", lookup_expr="gte")
    month_to = MonthFilter(field_name="month", lookup_expr="lte")
    major_category = django_filters.CharFilter(
        help_text="The Met's major category, as written (e.g. BURGLARY)."
    )
    minor_category = django_filters.CharFilter(
        help_text="The Met's minor category, as written."
    )

    class Meta:
        model = MetWardCrimeCount
        fields = [
            "partnership",
            "ward",
            "month",
            "month_from",
            "month_to",
            "major_category",
            "minor_category",
        ]

    def of_partnership(self, queryset, name, value):
        codes = selectors.current_ward_codes_for_partnership(partnership_slug=value)
        return queryset.filter(ward_code__in=codes)

"""An indicator's crime type and months are chosen from the data loaded for
the partnership's area, never typed; publishing works the change out."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import OfficerRole
from priorities import services
from priorities.forms import IndicatorForm
from priorities.models import Indicator, MetWardCrimeCount, MonthlyCrimeCount
from tests.partnerships.factories import AreaFactory, WardFactory
from tests.priorities.factories import IndicatorFactory, PriorityFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

JAN, FEB = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)


@pytest.fixture
def world(django_user_model):
    priority = PriorityFactory()
    borough = priority.plan.partnership.area
    for month, count in ((JAN, 40), (FEB, 30)):
        MonthlyCrimeCount.objects.create(
            area_code=borough.code, month=month, crime_type="Burglary", count=count
        )
    MonthlyCrimeCount.objects.create(
        area_code=borough.code, month=FEB, crime_type="Robbery", count=5
    )
    # Loaded for another borough only: not on offer here.
    MonthlyCrimeCount.objects.create(
        area_code=AreaFactory().code, month=FEB, crime_type="Shoplifting", count=9
    )
    ward = WardFactory(parent=borough)
    MetWardCrimeCount.objects.create(
        ward_code=ward.code,
        month=FEB,
        major_category="BURGLARY",
        minor_category="BURGLARY - RESIDENTIAL",
        count=3,
    )
    editor = django_user_model.objects.create_user(
        "editor@test.example", "editor@test.example", "x"
    )
    OfficerRole.objects.create(
        user=editor, partnership=priority.plan.partnership, role="editor"
    )
    return priority, editor


def _values(choices) -> list[str]:
    values = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            values += [v for v, _ in label]
        else:
            values.append(value)
    return values


def _data(**overrides) -> dict:
    return {
        "name": "Burglary",
        "unit": "offences",
        "direction": "reduce",
        "version": "1",
        **overrides,
    }


def test_the_choices_are_the_crime_types_and_months_loaded_for_the_area(world):
    priority, _ = world
    form = IndicatorForm(context={"area": priority.plan.partnership.area})
    assert _values(form.fields["crime_type"].choices) == [
        "",
        "Burglary",
        "Robbery",
        "met|BURGLARY",
        "met|BURGLARY|BURGLARY - RESIDENTIAL",
    ]
    assert form.fields["crime_type"].choices[0] == ("", "Not counted from crime data")
    assert _values(form.fields["measured_month"].choices) == [
        "",
        "2025-02-01",
        "2025-01-01",
    ]


def test_an_officer_chooses_a_loaded_crime_type_and_publishing_works_out_the_change(
    client, world, django_capture_on_commit_callbacks
):
    priority, editor = world
    client.force_login(editor)
    url = reverse("manage:indicator_add", args=[priority.pk])
    assert "Burglary" in page_text(client.get(url))
    response = client.post(
        url,
        _data(
            crime_type="Burglary",
            baseline_month="2025-01-01",
            measured_month="2025-02-01",
            target_percent="-10",
            change_value="7",  # typed by hand: the data wins on publishing
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Burglary")
    assert indicator.crime_type == "Burglary"
    assert indicator.measured_month == FEB
    with django_capture_on_commit_callbacks(execute=True):
        services.priority_publish(priority=priority, actor=editor)
    indicator.refresh_from_db()
    assert (indicator.change_value, indicator.change_percent) == (-10, Decimal("-25.0"))


def test_publishing_a_changed_crime_type_recomputes_the_change(
    world, django_capture_on_commit_callbacks
):
    priority, editor = world
    indicator = IndicatorFactory(
        priority=priority, crime_type="Robbery", change_value=1, is_published=True
    )
    form = IndicatorForm(
        data=_data(
            name=indicator.name,
            period=indicator.period,
            crime_type="Burglary",
            baseline_month="2025-01-01",
            measured_month="2025-02-01",
            version=str(indicator.version),
        ),
        context={"area": priority.plan.partnership.area},
    )
    assert form.is_valid(), form.errors
    services.indicator_save_draft(
        indicator=indicator,
        actor=editor,
        data=form.draft_values(),
        version=indicator.version,
    )
    indicator.refresh_from_db()
    assert indicator.crime_type == "Robbery"  # a draft until published
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.priority_publish(priority=priority, actor=editor)
    assert len(callbacks) >= 1
    indicator.refresh_from_db()
    assert indicator.crime_type == "Burglary"
    assert indicator.change_value == -10


def test_a_met_category_is_stored_in_the_met_fields(client, world):
    priority, editor = world
    client.force_login(editor)
    response = client.post(
        reverse("manage:indicator_add", args=[priority.pk]),
        _data(
            crime_type="met|BURGLARY|BURGLARY - RESIDENTIAL",
            baseline_month="2025-02-01",
            measured_month="2025-02-01",
        ),
    )
    # The same month twice is refused, and nothing is saved.
    assert "The month measured must be after" in page_text(response)
    assert not Indicator.objects.exists()
    MetWardCrimeCount.objects.create(
        ward_code=MetWardCrimeCount.objects.get().ward_code,
        month=JAN,
        major_category="BURGLARY",
        minor_category="BURGLARY - RESIDENTIAL",
        count=6,
    )
    response = client.post(
        reverse("manage:indicator_add", args=[priority.pk]),
        _data(
            crime_type="met|BURGLARY|BURGLARY - RESIDENTIAL",
            baseline_month="2025-01-01",
            measured_month="2025-02-01",
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (
        indicator.crime_type,
        indicator.met_major_category,
        indicator.met_minor_category,
    ) == ("", "BURGLARY", "BURGLARY - RESIDENTIAL")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"crime_type": "Shoplifting"}, "crime_type", "Choose a crime type that"),
        ({"crime_type": "Made up"}, "crime_type", "Choose a crime type that"),
        ({"crime_type": "met|ROBBERY"}, "crime_type", "Choose a crime type that"),
        (
            {"crime_type": "Burglary", "measured_month": "2024-06-01"},
            "measured_month",
            "Choose a month that has been loaded",
        ),
        (
            {"crime_type": "Burglary", "measured_month": ""},
            "measured_month",
            "Choose the month measured",
        ),
        (
            {"crime_type": ""},
            "measured_month",
            "Choose a crime type to count",
        ),
        (
            # Loaded for police.uk but not in the Met's series.
            {
                "crime_type": "met|BURGLARY",
                "baseline_month": "2025-01-01",
                "measured_month": "2025-02-01",
            },
            "baseline_month",
            "loaded for this crime type",
        ),
    ],
)
def test_a_crime_type_or_month_not_loaded_is_refused(
    client, world, overrides, field, message
):
    priority, editor = world
    client.force_login(editor)
    data = _data(baseline_month="2025-01-01", measured_month="2025-02-01")
    data.update(overrides)
    response = client.post(reverse("manage:indicator_add", args=[priority.pk]), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert f'href="#id_{field}"' in response.text
    assert message in page_text(response)
    assert not Indicator.objects.exists()


def test_a_saved_type_no_longer_loaded_is_kept_and_marked(client, world):
    priority, editor = world
    old = datetime.date(2019, 3, 1)
    indicator = IndicatorFactory(
        priority=priority,
        crime_type="Other crime",
        baseline_month=old,
        measured_month=FEB,
    )
    client.force_login(editor)
    url = reverse("manage:indicator_edit", args=[indicator.pk])
    response = client.get(url)
    form = response.context["form"]
    assert ("Other crime", "Other crime (no longer loaded)") in form.fields[
        "crime_type"
    ].choices
    assert form.initial["crime_type"] == "Other crime"
    assert form.initial["baseline_month"] == "2019-03-01"
    assert "March 2019 (no longer loaded)" in page_text(response)
    # Saving another change keeps the type rather than silently dropping it.
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(direction="reduce", target_percent="-5")
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.draft["crime_type"] == "Other crime"
    assert indicator.draft["baseline_month"] == "2019-03-01"
    # ...but another indicator cannot pick it.
    response = client.post(
        reverse("manage:indicator_add", args=[priority.pk]),
        _data(
            name="Other",
            crime_type="Other crime",
            baseline_month="2025-01-01",
            measured_month="2025-02-01",
        ),
    )
    assert "Choose a crime type that has been loaded" in page_text(response)


def test_the_admin_refuses_a_crime_type_not_loaded(world):
    from priorities.admin import IndicatorAdminForm

    priority, _ = world
    base = {
        "priority": priority.pk,
        "name": "Measure",
        "unit": "offences",
        "direction": "reduce",
        "order": 0,
        "is_published": "on",
        "baseline_month": "2025-01-01",
        "measured_month": "2025-02-01",
    }
    refused = IndicatorAdminForm(
        data={**base, "crime_type": "Shoplifting"},
        instance=Indicator(priority=priority),
    )
    assert not refused.is_valid()
    assert refused.errors["crime_type"] == ["Choose a crime type that has been loaded"]
    accepted = IndicatorAdminForm(
        data={**base, "crime_type": "Burglary"}, instance=Indicator(priority=priority)
    )
    assert accepted.is_valid(), accepted.errors


def test_the_staff_page_says_what_an_indicator_counts(client, world):
    priority, editor = world
    IndicatorFactory(
        priority=priority, crime_type="Burglary", baseline_month=JAN, measured_month=FEB
    )
    client.force_login(editor)
    text = page_text(client.get(reverse("manage:priority", args=[priority.pk])))
    assert "Counts Burglary, February 2025 against January 2025" in text

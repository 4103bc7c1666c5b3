"""Every staff form's date fields turn absurd input into a field error, never
a 500 (crispy-forms-gds let 99999999999999999999 escape as OverflowError)."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from portal.core.staff_forms import DayMonthYearField

APPS = (
    "portal",
    "partnerships",
    "plans",
    "priorities",
    "meetings",
    "contact",
    "engagement",
)
ABSURD = [
    ("1", "1", "99999999999999999999"),
    ("99999999999999999999", "1", "2026"),
    ("1", "99999999999999999999", "2026"),
    ("1", "1", "9" * 5000),
    ("31", "2", "2026"),
    ("0", "0", "0"),
    ("1", "1", "9999"),
    ("1", "1", "1"),
    ("-1", "1", "2026"),
    ("1", "1", "\uff12\uff10\uff12\uff16"),  # full-width digits
    ("1.5", "1", "2026"),
    ("1", "1", " 2026 "),
    ("1", "", "2026"),
    ("\x00", "1", "2026"),
]


def date_fields():
    """(form, field name, field) for every date field of every form class."""
    found = []
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not module.name.rpartition(".")[2].endswith("forms"):
                continue
            for value in vars(importlib.import_module(module.name)).values():
                if not (isinstance(value, type) and issubclass(value, forms.Form)):
                    continue
                for name, field in value.base_fields.items():
                    if isinstance(field, forms.MultiValueField | forms.DateField):
                        found.append((value, name, field))
    return found


FIELDS = date_fields()


def test_every_staff_date_field_is_found_and_safe():
    """The schedule and action forms' dates are all day-month-year fields."""
    names = {(form.__name__, name) for form, name, _ in FIELDS}
    assert {
        ("ScheduleForm", "opens_on"),
        ("ScheduleForm", "closes_on"),
        ("ActionForm", "due_date"),
        ("MeetingForm", "date"),
    } <= names
    assert all(isinstance(field, DayMonthYearField) for _, _, field in FIELDS)


@pytest.mark.parametrize(
    ("form", "name", "field"),
    FIELDS,
    ids=[f"{f.__name__}.{n}" for f, n, _ in FIELDS],
)
@pytest.mark.parametrize("value", ABSURD)
def test_absurd_dates_are_field_errors(form, name, field, value):
    """Each absurd day, month and year gives a ValidationError, nothing else."""
    try:
        cleaned = field.clean(list(value))
    except forms.ValidationError:
        return  # a message on the field: what should happen
    assert cleaned is None or (
        isinstance(cleaned, datetime.date) and 1900 <= cleaned.year <= 2200
    )


def test_an_absurd_year_on_the_action_page_is_an_error_message(
    client, two_partnerships
):
    """Through the staff page: the form comes back with the error, not a 500."""
    from tests.utils import sign_in

    world = two_partnerships
    sign_in(client, world["users"]["editor_a"])
    action = world["a"]["action"]
    page = client.post(
        reverse("manage:action_edit", args=[action.pk]),
        {
            "title": "Patrols",
            "status": "not_started",
            "due_date_0": "1",
            "due_date_1": "1",
            "due_date_2": "99999999999999999999",
            "version": action.version,
        },
    )
    assert page.status_code == 200
    assert "Enter a real date" in page.text

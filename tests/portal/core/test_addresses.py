"""slug_url gives what reverse gives, from a template kept per process (for the
service navigation's addresses too, which have no slugs)."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from portal.core.addresses import slug_url

CASES = [
    ("portal:home", {}),
    ("engagement:list", {}),
    ("partnerships:detail", {"slug": "kingston"}),
    ("areas:borough", {"slug": "kingston-upon-thames"}),
    ("areas:ward", {"borough_slug": "kingston-upon-thames", "slug": "norbiton"}),
    ("plans:detail", {"partnership_slug": "safer-kingston", "slug": "plan_2025"}),
    ("meetings:detail", {"partnership_slug": "k", "slug": "panel-1"}),
    ("engagement:detail", {"partnership_slug": "k", "slug": "night-time"}),
    (
        "priorities:detail",
        {"partnership_slug": "k", "plan_slug": "p-2025", "slug": "burglary"},
    ),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_the_same_address_as_reverse(name, kwargs):
    assert slug_url(name, **kwargs) == reverse(name, kwargs=kwargs)
    # Again, from the kept template, with other slugs.
    other = {key: f"{value}-2" for key, value in kwargs.items()}
    assert slug_url(name, **other) == reverse(name, kwargs=other)


def test_values_that_are_not_slugs_get_what_reverse_does():
    """Nothing unquoted or unchecked slips through the template."""
    with pytest.raises(NoReverseMatch):
        slug_url("partnerships:detail", slug="two words")
    with pytest.raises(NoReverseMatch):
        slug_url("partnerships:detail", slug="")


def test_a_script_prefix_is_part_of_the_address():
    """Served under a path (SCRIPT_NAME), addresses start with it."""
    plain = slug_url("partnerships:detail", slug="kingston")
    set_script_prefix("/portal/")
    try:
        prefixed = slug_url("partnerships:detail", slug="kingston")
        assert prefixed == reverse("partnerships:detail", kwargs={"slug": "kingston"})
        assert prefixed == "/portal" + plain
    finally:
        set_script_prefix("/")

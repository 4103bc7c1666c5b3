"""A resident reads the performance table and a chart's data table."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_resident_reads_kingston_crime_statistics(demo_site, page):
    """Kingston: burglary down 25.4% against a 4.5% reduction target; by ward."""
    page.goto(demo_site.url + reverse("partnerships:detail", args=["safer-kingston"]))
    page.get_by_role("link", name="crime statistics for Kingston upon Thames").click()
    expect(page.locator("h1")).to_have_text("Crime statistics")
    targets = page.get_by_role("region", name="How crime changed against targets")
    burglary = targets.get_by_role("row", name="Burglary")
    expect(burglary).to_contain_text("47")
    expect(burglary).to_contain_text("-25.4%")
    expect(burglary).to_contain_text("Achieved")
    by_month = page.get_by_role("table", name="Crimes by type and month")
    expect(by_month.get_by_role("row", name="Burglary")).to_contain_text("63")
    expect(
        page.get_by_role("table", name="Crimes by ward in January 2024")
    ).to_be_visible()
    expect(page.get_by_text("data.police.uk").first).to_be_visible()
    assert_accessible(page)
    assert page.js_errors == []

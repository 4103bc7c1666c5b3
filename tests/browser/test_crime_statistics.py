"""A resident reads the performance table and a chart's data table."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_resident_reads_kingston_crime_statistics(demo_site, page):
    """Kingston on the real 38-month burglary series: February 2025 against
    February 2024 (45 to 47, +4.4%), labelled burglary only and out of date; the
    target is for January 2024 against January 2023 (63 to 47), so it is not
    judged for these months, and it is labelled as an assumption."""
    page.goto(demo_site.url + reverse("partnerships:detail", args=["safer-kingston"]))
    page.get_by_role("link", name="crime statistics for Kingston upon Thames").click()
    expect(page.locator("h1")).to_have_text("Crime statistics")
    expect(page.get_by_text("These figures are out of date")).to_be_visible()
    expect(page.get_by_text("Burglary only").first).to_be_visible()
    targets = page.get_by_role("region", name="How crime changed against targets")
    burglary = targets.get_by_role("row", name="Burglary")
    expect(burglary).to_contain_text("47")
    expect(burglary).to_contain_text("+4.4%")
    expect(burglary).to_contain_text("Target for January 2024 against January 2023")
    expect(burglary).to_contain_text("Assumed target")
    expect(burglary).not_to_contain_text("Achieved")
    by_month = page.get_by_role("table", name="Crimes by type and month")
    expect(by_month.get_by_role("row", name="Burglary").first).to_contain_text("45")
    expect(
        page.get_by_role("table", name="Crimes by ward in February 2025")
    ).to_be_visible()
    expect(page.get_by_text("data.police.uk").first).to_be_visible()
    assert_accessible(page)
    assert page.js_errors == []

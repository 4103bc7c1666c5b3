"""A consultation manager builds, schedules, closes and publishes a consultation,
with axe-core clean on every staff page, error states included."""

import datetime
import re
import uuid

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from engagement import services
from engagement.models import Consultation
from partnerships.models import OfficerRole, Partnership
from priorities.models import Priority
from tests.browser.conftest import axe_violations, complete_two_factor

PASSWORD = "correct-horse-battery"
EMAIL = "manager@kingston.example"
TITLE = "How safe do you feel in Kingston town centre at night?"


def test_manager_runs_a_consultation_from_draft_to_published(demo_site, page):
    """Create (after an empty submit), two questions, preview, schedule; open it
    and add responses in Python; key one in, close, read results, publish."""
    kingston = Partnership.objects.get(slug="safer-kingston")
    user = get_user_model().objects.create_user(
        username=EMAIL, email=EMAIL, password=PASSWORD, first_name="Manager"
    )
    OfficerRole.objects.create(
        user=user, partnership=kingston, role=OfficerRole.Role.CONSULTATION_MANAGER
    )
    priority = Priority.objects.filter(plan__partnership=kingston).first()
    base = demo_site.url
    problems = {}

    def check(label):
        found = axe_violations(page)
        if found:
            problems[label] = found
        if page.locator("h1").count() != 1:
            problems[f"{label}: h1"] = page.locator("h1").count()

    page.goto(base + reverse("account:sign_in"))
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page)
    expect(page.locator("h1")).to_have_text("Your partnerships")
    page.get_by_role("link", name=kingston.name).first.click()
    page.get_by_role("link", name=f"Consultations of {kingston.name}").click()
    expect(page.locator("h1")).to_have_text("Consultations")
    check("list")
    page.get_by_role("link", name="Create a consultation").click()
    check("create form")

    # Sent empty: the error summary, focused, and the field errors.
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a title for the consultation")
    check("create form with errors")

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(
        "Tell us where and when you feel safe."
    )
    page.get_by_label("Background", exact=True).fill("We want to **hear from you**.")
    page.locator(f"input[name=priorities][value='{priority.pk}']").check()
    page.locator("#id_has_equality_section_1").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".app-preview strong")).to_have_text("hear from you")
    check("create form preview")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "created as a draft"
    )
    check("consultation")
    consultation = Consultation.objects.get(created_by=user)

    page.get_by_role("link", name="Add a question").click()
    check("add question")
    page.get_by_label("Agree or disagree (five points)").check()
    page.get_by_label("Question", exact=True).fill(
        "I feel safe in the town centre after dark"
    )
    page.get_by_label("Residents must answer this question").check()
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Long text").check()
    page.get_by_label("Question", exact=True).fill("What would make you feel safer?")
    page.get_by_label("Answers may contain personal data").check()
    # On a page of its own, asked only of those who disagree.
    page.get_by_label("Start a new page with this question").check()
    page.get_by_label("Only ask this question if").select_option(
        label="I feel safe in the town centre after dark \u2014 Disagree"
    )
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("Starts a new page of the form")).to_be_visible()
    expect(page.get_by_text(re.compile("^Only asked if the answer to"))).to_be_visible()
    check("consultation with questions")

    page.get_by_role("link", name=f"Preview {TITLE} as residents will see it").click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text("This is a preview")
    check("preview")

    # Schedule it to open today at midnight, so it is open straight away.
    page.goto(base + reverse("manage:consultation", args=[consultation.pk]))
    page.get_by_role("link", name=f"Schedule {TITLE}").click()
    check("schedule")
    today = timezone.localdate()
    closing = today + datetime.timedelta(days=14)
    for prefix, day, time in (("opens", today, "00:00"), ("closes", closing, "23:59")):
        page.locator(f"#id_{prefix}_on_0").fill(str(day.day))
        page.locator(f"#id_{prefix}_on_1").fill(str(day.month))
        page.locator(f"#id_{prefix}_on_2").fill(str(day.year))
        page.locator(f"#id_{prefix}_time").fill(time)
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "scheduled to open"
    )

    # The beat job opens it; residents answer online.
    services.consultations_open_and_close()
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    scale, text = consultation.questions.order_by("order")
    agree = scale.choices.get(text="Agree")
    for n in range(3):
        services.response_submit(
            consultation=consultation,
            data={f"q{scale.pk}": str(agree.pk), f"q{text.pk}": f"Lighting {n}"},
            idempotency_key=uuid.uuid4().hex,
        )

    # An officer's paper form.
    page.goto(base + reverse("manage:consultation", args=[consultation.pk]))
    page.get_by_role("link", name=f"Key in a response to {TITLE}").click()
    check("key in")
    page.get_by_role("button", name="Save response").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose how the response was received"
    )
    check("key in with errors")
    page.get_by_label("Paper form").check()
    page.locator(f"#id_q{scale.pk}_4").check()  # Disagree
    page.get_by_label("What would make you feel safer? (optional)").fill(
        "More patrols <b>at night</b>"
    )
    page.get_by_role("button", name="Save response").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("paper form")
    check("key in saved")

    # Close it now.
    page.goto(base + reverse("manage:consultation", args=[consultation.pk]))
    page.get_by_role("link", name=f"Close {TITLE} now").click()
    check("close confirmation")
    page.get_by_role("button", name="Close the consultation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("closed")

    page.get_by_role("link", name=f"See the results of {TITLE}").click()
    expect(page.locator(".govuk-body-l")).to_contain_text("4 responses in total")
    expect(page.get_by_text("More patrols <b>at night</b>")).to_be_visible()
    # The online answers agreed, so their text was not asked for, nor kept.
    expect(page.get_by_text(re.compile("^Asked of 1 of 4 respondents"))).to_be_visible()
    check("results")

    page.get_by_role("link", name="Publish the outcome: we asked").click()
    check("publish outcome")
    page.get_by_role("button", name="Publish the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you asked")
    check("publish outcome with errors")
    page.get_by_label("We asked").fill("How safe you feel in the town centre.")
    page.get_by_label("You said").fill("Most of you feel safe; evenings less so.")
    page.locator("#id_we_did_1").fill("Brighter lighting in the market square.")
    page.locator("#id_link_1").select_option(f"priority-{priority.pk}")
    page.get_by_label("I have checked this outcome").check()
    page.get_by_role("button", name="Publish the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("published")
    check("published")
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.PUBLISHED

    assert problems == {}
    assert page.js_errors == []

"""Real Chromium (Debian's /usr/bin/chromium) driven by the PyPI playwright package."""

import base64
import functools
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run make test, which installs it"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that fails the test on any JavaScript error."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def on_console(message):
        # A 404 page reports its own status as a console error; that is expected.
        own_status = message.location.get("url") == page.url and "404" in message.text
        if message.type == "error" and not own_status:
            errors.append(message.text)

    page.on("console", on_console)
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def demo_site(demo_database, transactional_db, live_server):
    """The demo data behind a live server."""
    return live_server


@functools.cache
def axe_source() -> str:
    return AXE_SCRIPT.read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; return its WCAG A/AA violations."""
    # Not page.add_script_tag: that adds an inline <script>, which the site's
    # Content Security Policy rightly blocks. Evaluating through the DevTools
    # protocol is the browser's own doing, not the page's.
    page.evaluate(axe_source() + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{json.dumps(violations, indent=2)}"


# Recovery codes each browser-enrolled account was given, for later sign-ins.
RECOVERY_CODES: dict[str, list[str]] = {}


def complete_two_factor(page, *, email=None, check_accessible=False):
    """After the password, as a person would: on a first sign-in, set up an
    authenticator app from the key shown for typing (the code is worked out
    from it, as the app would) and keep the recovery codes; afterwards, give a
    recovery code. Ends on the page the sign-in was going to."""
    page.wait_for_load_state()
    if "/account/two-factor/" not in page.url:
        return  # an account that needs no second factor
    heading = page.locator("h1")
    expect(heading).to_have_text(
        re.compile(r"Set up two-factor sign-in|Check it is you")
    )
    if check_accessible:
        assert_accessible(page)
    if heading.inner_text() == "Set up two-factor sign-in":
        page.get_by_text("I cannot scan the QR code").click()
        key = page.get_by_test_id("setup-key").inner_text().replace(" ", "")
        code = f"{totp(base64.b32decode(key)):06d}"
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Set up two-factor sign-in").click()
        expect(heading).to_have_text("Two-factor sign-in is set up")
        if check_accessible:
            assert_accessible(page)
        codes = page.get_by_test_id("recovery-codes").inner_text().split()
        RECOVERY_CODES[key] = codes
        page.get_by_role("link", name="I have saved my recovery codes").click()
        return
    devices = TOTPDevice.objects.filter(confirmed=True).order_by("-pk")
    if email is not None:
        devices = devices.filter(user__email=email)
    device = devices.first()
    key = base64.b32encode(device.bin_key).decode()
    if RECOVERY_CODES.get(key):
        code = RECOVERY_CODES[key].pop()  # enrolled here: a recovery code
    else:
        code = f"{totp(device.bin_key):06d}"  # the app's code, from its key
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()

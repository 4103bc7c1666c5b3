"""Shared fixtures. App fixtures live in tests/<app>/conftest.py."""

import datetime
from pathlib import Path

import factory
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from tests import demo_db


@pytest.fixture(scope="session", autouse=True)
def _faker_locale():
    """Factories write British English: names, places, postcodes."""
    with factory.Faker.override_default_locale("en_GB"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _demo_template(request, django_db_blocker):
    """When a collected test uses the demo, load it once into a template
    database, copied from the test database before any test has run (see
    tests/demo_db.py)."""
    if not any(
        "demo_database" in getattr(item, "fixturenames", ())
        for item in request.session.items
    ):
        yield None
        return
    request.getfixturevalue("django_db_setup")
    # The demo's meeting papers go to a folder of the test run, not the worktree.
    media = request.getfixturevalue("tmp_path_factory").mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        template = demo_db.template_create()
    yield template
    with django_db_blocker.unblock():
        demo_db.template_drop(template)


@pytest.fixture
def demo_database(request, _demo_template, django_db_blocker):
    """This test runs on the demo database.

    With ``db`` (requested after this, and without a ``django_db`` mark, so the
    switch happens before the test's transaction opens) it runs on the demo
    template itself, and its transaction is rolled back. With a live server
    or ``transactional_db`` it runs on a fresh copy, dropped afterwards.
    """
    names = request.fixturenames
    if "live_server" in names or "transactional_db" in names:
        with django_db_blocker.unblock():
            copy = demo_db.copy_create(_demo_template)
        with demo_db.use_database(copy):
            yield
        with django_db_blocker.unblock():
            demo_db.copy_drop_later(copy)
    elif "db" in names:
        with demo_db.use_database(_demo_template):
            yield
    else:
        pytest.fail("Request `db` or `transactional_db` with `demo_database`")


# The real ONS, Census and OS files in ../shared/data/geography.
GEOGRAPHY = Path(settings.PORTAL_GEOGRAPHY_DATA_DIR)
WARD_LOOKUP = GEOGRAPHY / "LSOA21_WD24_LAD24_LONDON.csv"
LSOA_CHANGES = GEOGRAPHY / "LSOA11_LSOA21_LAD22_LONDON.csv"
POPULATION = GEOGRAPHY / "census-2021-TS007B-age-by-lsoa-LONDON.csv"
CODEPOINT = GEOGRAPHY / "codepoint-open" / "codepoint-open-2025-4-three-boroughs.csv"
KINGSTON, KENSINGTON, WESTMINSTER = "E09000021", "E09000020", "E09000033"
MET_WARD_FILE = (
    Path(settings.PORTAL_MET_WARD_DATA_DIR)
    / "MPS Ward Level Crime (most recent 24 months) 2023-07 to 2025-06.csv"
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded documents go to a fresh folder per test, never the worktree."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty (real Redis) cache, which this process
    has not seen fail."""
    from portal.core import cache as page_cache

    page_cache.reset_failure_state()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_partnerships(db):
    """Partnerships A and B with a plan, a section, a priority, an action, an
    indicator, a strategic assessment deadline, a draft consultation with one
    question, a published meeting held last week with its agenda, and a
    resident's message each, and a user for every role: officer of A, officer
    of B, editor of A, consultation manager of A and a site administrator."""
    from django.contrib.auth import get_user_model

    from engagement import services as engagement_services
    from partnerships.models import OfficerRole
    from plans.deadlines.services import duty_configure
    from tests.partnerships.factories import (
        BoardFactory,
        MembershipFactory,
        WardFactory,
    )
    from tests.plans.factories import PlanFactory, PlanSectionFactory
    from tests.priorities.factories import (
        ActionFactory,
        IndicatorFactory,
        ObjectiveFactory,
        PriorityFactory,
    )

    User = get_user_model()
    world = {}
    for key in ("a", "b"):
        plan = PlanFactory(title=f"Plan {key.upper()}")
        partnership = plan.partnership
        MembershipFactory(partnership=partnership)
        ward = WardFactory(parent=partnership.area)
        board = BoardFactory(partnership=partnership)
        priority = PriorityFactory(plan=plan, delivery_group=board)
        ObjectiveFactory(priority=priority)
        world[key] = {
            "partnership": partnership,
            "plan": plan,
            "section": PlanSectionFactory(plan=plan),
            "priority": priority,
            "action": ActionFactory(priority=priority),
            "ward": ward,
            "indicator": IndicatorFactory(priority=priority),
        }

    def user(name, partnership=None, role=None, **extra):
        account = User.objects.create_user(
            username=f"{name}@test.example",
            email=f"{name}@test.example",
            password="correct-horse-battery",
            first_name=name.replace("_", " ").title(),
            **extra,
        )
        if partnership is not None:
            OfficerRole.objects.create(user=account, partnership=partnership, role=role)
        return account

    from priorities.models import CrimeImport

    world["crime_import"] = CrimeImport.objects.create(
        file_name="2024-01-metropolitan-street.csv", sha256="0" * 64, status="done"
    )
    world["users"] = {
        "anonymous": None,
        "officer_a": user("officer_a", world["a"]["partnership"], "officer"),
        "officer_b": user("officer_b", world["b"]["partnership"], "officer"),
        "editor_a": user("editor_a", world["a"]["partnership"], "editor"),
        "manager_a": user(
            "manager_a", world["a"]["partnership"], "consultation_manager"
        ),
        "admin": user("admin", is_superuser=True, is_staff=True),
    }
    # A strategic assessment deadline each, owned by the partnership's officer.
    for key in ("a", "b"):
        duty = duty_configure(
            partnership=world[key]["partnership"],
            kind="strategic_assessment",
            cadence="annual",
            due_month=1,
            due_day=31,
            owners=[world["users"][f"officer_{key}"]],
        )
        world[key]["deadline"] = duty.deadlines.get()
    # A meeting each (published, a week ago) with an agenda, and a message
    # from a resident.
    import datetime

    from django.utils import timezone

    from contact.services import message_submit
    from meetings import services as meeting_services
    from tests.documents import pdf

    for key in ("a", "b"):
        partnership = world[key]["partnership"]
        starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=7)
        meeting = meeting_services.meeting_create(
            partnership=partnership,
            actor=None,
            data={
                "title": f"Annual public meeting {key.upper()}",
                "kind": "annual_public",
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=2),
                "place": "Guildhall",
            },
        )
        world[key]["meeting"] = meeting_services.meeting_publish(
            meeting=meeting, actor=None
        )
        world[key]["document"] = meeting_services.meeting_document_add(
            meeting=meeting, actor=None, kind="agenda", title="Agenda", file=pdf()
        )
        world[key]["message"], _ = message_submit(
            partnership=partnership,
            data={
                "name": "Sam Resident",
                "email": "sam@example.org",
                "topic": "work",
                "body": "What are you doing about bikes on pavements?",
            },
            idempotency_key=f"key-{key}",
        )
    # A draft consultation each, with one question.
    for key in ("a", "b"):
        consultation = engagement_services.consultation_create(
            partnership=world[key]["partnership"],
            actor=None,
            data={
                "title": f"Consultation {key.upper()}",
                "summary": "How safe do you feel in the town centre?",
            },
        )
        world[key]["consultation"] = consultation
        world[key]["question"] = engagement_services.question_add(
            consultation=consultation,
            actor=None,
            data={
                "kind": "single_choice",
                "text": "How often do you visit the town centre?",
                "choices": ["Every day", "Every week", "Less often"],
            },
        )
    return world


@pytest.fixture(scope="session")
def three_boroughs(tmp_path_factory) -> dict[str, Path]:
    """The real files cut down to the three seed boroughs' rows (once per run):
    the same data for them, loaded in a fraction of the time."""
    import csv

    folder = tmp_path_factory.mktemp("three-boroughs")
    codes = {KINGSTON, KENSINGTON, WESTMINSTER}

    def cut(source: Path, keep, encoding="utf-8-sig", skip_to=None) -> Path:
        lines = source.read_text(encoding=encoding).splitlines(keepends=True)
        start = 0
        if skip_to:
            start = next(i for i, line in enumerate(lines) if line.startswith(skip_to))
        header = next(csv.reader([lines[start]]))
        kept = [
            line
            for line in lines[start + 1 :]
            if keep(dict(zip(header, next(csv.reader([line])), strict=False)))
        ]
        target = folder / source.name
        target.write_text("".join(lines[: start + 1] + kept), encoding="utf-8")
        return target

    lookup = cut(WARD_LOOKUP, lambda row: row["LAD24CD"] in codes)
    with lookup.open(encoding="utf-8", newline="") as file:
        lsoas = {row["LSOA21CD"] for row in csv.DictReader(file)}
    return {
        "ward_lookup": lookup,
        "lsoa_changes": cut(LSOA_CHANGES, lambda row: row["LAD22CD"] in codes),
        "population": cut(
            POPULATION, lambda row: row["mnemonic"] in lsoas, "utf-8", '"Area"'
        ),
        "met": cut(
            MET_WARD_FILE,
            lambda row: (
                row["LookUp_BoroughName"]
                in {"Kingston upon Thames", "Kensington and Chelsea", "Westminster"}
            ),
        ),
    }


@pytest.fixture
def geography(db, three_boroughs):
    """Current wards, LSOAs, people and ward boundaries of the three seed
    boroughs, from the real files (the 2022 wards in force from 5 May 2022)."""
    from partnerships.geography import (
        boundaries_load,
        lsoa_changes_load,
        population_load,
        ward_lookup_load,
    )

    ward_lookup_load(
        path=three_boroughs["ward_lookup"], in_force_from=datetime.date(2022, 5, 5)
    )
    lsoa_changes_load(path=three_boroughs["lsoa_changes"])
    population_load(path=three_boroughs["population"])
    for code in (KINGSTON, KENSINGTON, WESTMINSTER):
        boundaries_load(path=GEOGRAPHY / "wards-2025" / f"{code}.geojson")


@pytest.fixture
def postcodes(db):
    """OS Code-Point Open for the three seed boroughs."""
    from partnerships.postcodes import postcodes_load

    postcodes_load(path=CODEPOINT)


@pytest.fixture(autouse=True)
def _force_login_is_two_factor_verified(monkeypatch):
    """``client.force_login(user)`` signs in as if with the second factor too:
    the user gets a confirmed authenticator device and the session is marked
    verified with it, exactly as ``django_otp.login`` does after a right code.
    Signing in through the pages (tests/portal/site/test_two_factor.py and the
    browser tests) enrols and gives real codes instead."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="Test authenticator", confirmed=True
            )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)

"""The permission matrix: every staff URL against every role.

The staff URL names are read from the URL configuration, so a new staff URL
without a row here fails ``test_every_staff_url_has_a_row``.
"""

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse

from engagement.models import ResponseExport

ROLES = ["anonymous", "officer_a", "officer_b", "editor_a", "manager_a", "admin"]

# Expected GET status per role, in the order of ROLES.
SIGNED_IN = (302, 200, 200, 200, 200, 200)
VIEW = (302, 200, 404, 200, 200, 200)  # any role in A
EDIT = (302, 200, 404, 200, 403, 200)  # officers and editors of A
PUBLISH = (302, 403, 404, 200, 403, 200)  # editors of A
POST_ONLY = (302, 405, 405, 405, 405, 405)
ADMIN_ONLY = (302, 404, 404, 404, 404, 200)
MANAGE = (302, 403, 404, 403, 200, 200)  # consultation managers of A
IMPORT = (302, 404, 404, 200, 404, 200)  # editors of any partnership
RESULTS = (302, 200, 404, 200, 200, 200)  # any role in A: results, keying in

MATRIX = {
    "manage:dashboard": (lambda w: [], SIGNED_IN),
    "manage:partnership": (lambda w: [w["a"]["partnership"].slug], VIEW),
    "manage:plan": (lambda w: [w["a"]["plan"].pk], VIEW),
    "manage:plan_edit": (lambda w: [w["a"]["plan"].pk], EDIT),
    "manage:plan_publish": (lambda w: [w["a"]["plan"].pk], PUBLISH),
    "manage:plan_unpublish": (lambda w: [w["a"]["plan"].pk], PUBLISH),
    "manage:plan_history": (lambda w: [w["a"]["plan"].pk], VIEW),
    "manage:section_add": (lambda w: [w["a"]["plan"].pk], EDIT),
    "manage:section_edit": (lambda w: [w["a"]["section"].pk], EDIT),
    "manage:priority_add": (lambda w: [w["a"]["plan"].pk], EDIT),
    "manage:priority": (lambda w: [w["a"]["priority"].pk], VIEW),
    "manage:priority_edit": (lambda w: [w["a"]["priority"].pk], EDIT),
    "manage:priority_publish": (lambda w: [w["a"]["priority"].pk], PUBLISH),
    "manage:priority_unpublish": (lambda w: [w["a"]["priority"].pk], PUBLISH),
    "manage:priority_move": (lambda w: [w["a"]["priority"].pk], POST_ONLY),
    "manage:priority_history": (lambda w: [w["a"]["priority"].pk], VIEW),
    "manage:action_add": (lambda w: [w["a"]["priority"].pk], EDIT),
    "manage:action_edit": (lambda w: [w["a"]["action"].pk], EDIT),
    "manage:deadlines": (lambda w: [], SIGNED_IN),
    "manage:deadline_complete": (lambda w: [w["a"]["deadline"].pk], EDIT),
    "manage:calendar": (lambda w: [w["a"]["partnership"].slug], VIEW),
    "account:invite": (lambda w: [], ADMIN_ONLY),
    "manage:consultation_list": (lambda w: [w["a"]["partnership"].slug], VIEW),
    "manage:consultation_add": (lambda w: [w["a"]["partnership"].slug], MANAGE),
    "manage:consultation": (lambda w: [w["a"]["consultation"].pk], VIEW),
    "manage:consultation_edit": (lambda w: [w["a"]["consultation"].pk], MANAGE),
    "manage:question_add": (lambda w: [w["a"]["consultation"].pk], MANAGE),
    "manage:question_edit": (lambda w: [w["a"]["question"].pk], MANAGE),
    "manage:question_delete": (lambda w: [w["a"]["question"].pk], MANAGE),
    "manage:question_move": (lambda w: [w["a"]["question"].pk], POST_ONLY),
    "manage:consultation_preview": (lambda w: [w["a"]["consultation"].pk], VIEW),
    "manage:consultation_schedule": (lambda w: [w["a"]["consultation"].pk], MANAGE),
    "manage:consultation_close": (lambda w: [w["a"]["consultation"].pk], MANAGE),
    "manage:consultation_results": (lambda w: [w["a"]["consultation"].pk], RESULTS),
    "manage:consultation_export": (lambda w: [w["a"]["consultation"].pk], RESULTS),
    "manage:consultation_export_detail": (
        lambda w: [
            ResponseExport.objects.get_or_create(consultation=w["a"]["consultation"])[
                0
            ].pk
        ],
        RESULTS,
    ),
    "manage:audit": (lambda w: [], ADMIN_ONLY),
    "manage:crime_imports": (lambda w: [], IMPORT),
    "manage:crime_import": (lambda w: [w["crime_import"].pk], IMPORT),
    "manage:response_add": (lambda w: [w["a"]["consultation"].pk], RESULTS),
    "manage:outcome_publish": (lambda w: [w["a"]["consultation"].pk], MANAGE),
    "manage:ward": (lambda w: [w["a"]["ward"].pk], VIEW),
    "manage:ward_contact_edit": (lambda w: [w["a"]["ward"].pk, "ward_panel"], EDIT),
    "manage:priority_evidence": (lambda w: [w["a"]["priority"].pk], EDIT),
    "manage:indicator_add": (lambda w: [w["a"]["priority"].pk], EDIT),
    "manage:indicator_edit": (lambda w: [w["a"]["indicator"].pk], EDIT),
    "manage:meeting_list": (lambda w: [w["a"]["partnership"].slug], VIEW),
    "manage:meeting_add": (lambda w: [w["a"]["partnership"].slug], EDIT),
    "manage:meeting": (lambda w: [w["a"]["meeting"].pk], VIEW),
    "manage:meeting_edit": (lambda w: [w["a"]["meeting"].pk], EDIT),
    "manage:meeting_publish": (lambda w: [w["a"]["meeting"].pk], PUBLISH),
    "manage:meeting_unpublish": (lambda w: [w["a"]["meeting"].pk], PUBLISH),
    "manage:meeting_history": (lambda w: [w["a"]["meeting"].pk], VIEW),
    "manage:meeting_document_add": (lambda w: [w["a"]["meeting"].pk], EDIT),
    "manage:meeting_document": (lambda w: [w["a"]["document"].pk], VIEW),
    "manage:meeting_document_remove": (lambda w: [w["a"]["document"].pk], EDIT),
    "manage:meeting_attendance": (lambda w: [w["a"]["meeting"].pk], EDIT),
    "manage:meeting_minutes_publish": (lambda w: [w["a"]["meeting"].pk], PUBLISH),
    "manage:contact_inbox": (lambda w: [w["a"]["partnership"].slug], VIEW),
    "manage:contact_message": (lambda w: [w["a"]["message"].pk], VIEW),
    "manage:contact_reply": (lambda w: [w["a"]["message"].pk], VIEW),
    "manage:contact_message_status": (lambda w: [w["a"]["message"].pk], POST_ONLY),
    "manage:officer_list": (lambda w: [w["a"]["partnership"].slug], ADMIN_ONLY),
    "manage:officer_roles": (
        lambda w: [w["a"]["partnership"].slug, w["users"]["officer_a"].pk],
        ADMIN_ONLY,
    ),
    "manage:officer_revoke": (
        lambda w: [w["a"]["partnership"].slug, w["users"]["officer_a"].pk],
        ADMIN_ONLY,
    ),
}

# Staff URLs that answer with a file download rather than a page.
DOWNLOADS = {"manage:consultation_export", "manage:meeting_document"}

STAFF_NAMESPACES = ("manage",)
STAFF_ACCOUNT_URLS = ("account:invite",)


def staff_url_names():
    resolver = get_resolver()
    names = set(STAFF_ACCOUNT_URLS)
    for namespace in STAFF_NAMESPACES:
        _, sub = resolver.namespace_dict[namespace]
        names |= {
            f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)
        }
    return names


def test_every_staff_url_has_a_row():
    """A staff URL added without a row in the matrix fails here."""
    assert staff_url_names() == set(MATRIX)


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_get_matrix(client, two_partnerships, url_name):
    """Each role gets the expected status on each staff page of partnership A."""
    args_for, expected = MATRIX[url_name]
    url = reverse(url_name, args=args_for(two_partnerships))
    got = []
    for role in ROLES:
        client.logout()
        user = two_partnerships["users"][role]
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        got.append(response.status_code)
        if response.status_code in (200, 302, 403, 404):
            assert "no-store" in response.get("Cache-Control", ""), (url, role)
    assert tuple(got) == expected, dict(zip(ROLES, got, strict=True))


def _snapshot():
    rows = {}
    for label in (
        "partnerships",
        "plans",
        "priorities",
        "portal",
        "engagement",
        "meetings",
        "contact",
    ):
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


def _posts(world):
    """Every state-changing POST a hostile officer of B might try on A."""
    yield from _plan_posts(world)
    yield from _consultation_posts(world)
    yield from _meeting_posts(world)
    yield from _contact_posts(world)
    yield from _role_posts(world)


def _meeting_posts(world):
    """State-changing POSTs on A's meetings, real and guessed ids."""
    a = world["a"]
    details = {
        "title": "Hacked",
        "kind": "board",
        "date_0": "1",
        "date_1": "1",
        "date_2": "2027",
        "start_time": "18:00",
        "end_time": "19:00",
        "place": "Hacked",
        "version": 1,
    }
    yield reverse("manage:meeting_add", args=[a["partnership"].slug]), details
    organisation = a["partnership"].memberships.first().organisation
    for pk in (a["meeting"].pk, a["meeting"].pk + 1000, 0):
        yield reverse("manage:meeting_edit", args=[pk]), details
        yield reverse("manage:meeting_publish", args=[pk]), {}
        yield reverse("manage:meeting_unpublish", args=[pk]), {}
        yield reverse("manage:meeting_minutes_publish", args=[pk]), {}
        yield (
            reverse("manage:meeting_attendance", args=[pk]),
            {f"rep_{organisation.pk}": "Hacked", f"senior_{organisation.pk}": "on"},
        )
        yield (
            reverse("manage:meeting_document_add", args=[pk]),
            {"kind": "paper", "title": "Hacked"},
        )
    for pk in (a["document"].pk, a["document"].pk + 1000):
        yield reverse("manage:meeting_document_remove", args=[pk]), {}


def _contact_posts(world):
    """Replies and status changes on A's messages, real and guessed ids."""
    for pk in (world["a"]["message"].pk, world["a"]["message"].pk + 1000):
        yield reverse("manage:contact_reply", args=[pk]), {"body": "Hacked"}
        yield reverse("manage:contact_message_status", args=[pk]), {"status": "closed"}


def _role_posts(world):
    """Changing and revoking roles: site administrators only."""
    slug = world["a"]["partnership"].slug
    for user in (world["users"]["officer_a"], world["users"]["officer_b"]):
        yield (
            reverse("manage:officer_roles", args=[slug, user.pk]),
            {"roles": ["editor"]},
        )
        yield reverse("manage:officer_revoke", args=[slug, user.pk]), {}


def _plan_posts(world):
    """State-changing POSTs on A's plans, priorities and deadlines."""
    yield reverse("manage:crime_imports"), {"file": ""}
    a = world["a"]
    plan, priority, section, action = (
        a["plan"],
        a["priority"],
        a["section"],
        a["action"],
    )
    text = {"title": "Hacked", "summary": "Hacked", "body": "Hacked", "version": 99}
    yield reverse("manage:plan_edit", args=[plan.pk]), text
    yield reverse("manage:plan_publish", args=[plan.pk]), {}
    yield reverse("manage:plan_unpublish", args=[plan.pk]), {}
    yield reverse("manage:section_add", args=[plan.pk]), text
    yield reverse("manage:section_edit", args=[section.pk]), {**text, "version": 1}
    yield reverse("manage:priority_add", args=[plan.pk]), text
    yield reverse("manage:priority_edit", args=[priority.pk]), {**text, "version": 1}
    yield reverse("manage:priority_publish", args=[priority.pk]), {}
    yield reverse("manage:priority_unpublish", args=[priority.pk]), {}
    yield reverse("manage:priority_move", args=[priority.pk]), {"direction": "up"}
    yield (
        reverse("manage:action_add", args=[priority.pk]),
        {
            "title": "Hacked",
            "status": "done",
            "version": 1,
        },
    )
    yield (
        reverse("manage:action_edit", args=[action.pk]),
        {
            "title": "Hacked",
            "status": "done",
            "version": 1,
        },
    )
    indicator = {"name": "Hacked", "unit": "x", "direction": "reduce", "version": 1}
    yield reverse("manage:indicator_add", args=[priority.pk]), indicator
    yield reverse("manage:indicator_edit", args=[a["indicator"].pk]), indicator
    yield (
        reverse("manage:priority_evidence", args=[priority.pk]),
        {"kinds": ["data"], "detail_data": "Hacked", "version": priority.version},
    )
    deadline = a["deadline"]
    evidence = {"evidence_url": "https://hacked.example/evidence"}
    yield reverse("manage:deadline_complete", args=[deadline.pk]), evidence
    yield from _calendar_posts(world)
    # Guessed ids next to A's real ones.
    for pk in (plan.pk + 1000, priority.pk + 1000, 0):
        yield reverse("manage:priority_edit", args=[pk]), {**text, "version": 1}
        yield reverse("manage:plan_publish", args=[pk]), {}
    for pk in (deadline.pk + 1000, 0):
        yield reverse("manage:deadline_complete", args=[pk]), evidence


def _consultation_posts(world):
    """State-changing POSTs on A's consultations, real and guessed ids."""
    a = world["a"]
    consultation, question = a["consultation"], a["question"]
    details = {
        "title": "Hacked",
        "summary": "Hacked",
        "has_equality_section": "no",
        "retention_months": 12,
    }
    question_data = {"kind": "short_text", "text": "Hacked?"}
    schedule = {
        "opens_on_0": "1",
        "opens_on_1": "1",
        "opens_on_2": "2030",
        "opens_time": "09:00",
        "closes_on_0": "1",
        "closes_on_1": "2",
        "closes_on_2": "2030",
        "closes_time": "23:59",
    }
    response = {
        "channel": "paper",
        "idempotency_key": "hacked",
        f"q{question.pk}": str(question.choices.first().pk),
    }
    outcome = {
        "we_asked": "Hacked",
        "confirm": "on",
        "you_said": "Hacked",
        "we_did_1": "Hacked",
        "link_1": f"priority-{a['priority'].pk}",
    }
    slug = a["partnership"].slug
    yield reverse("manage:consultation_add", args=[slug]), details
    for pk in (consultation.pk, consultation.pk + 1000, 0):
        yield reverse("manage:consultation_edit", args=[pk]), details
        yield reverse("manage:question_add", args=[pk]), question_data
        yield reverse("manage:consultation_schedule", args=[pk]), schedule
        yield reverse("manage:consultation_close", args=[pk]), {}
        yield reverse("manage:response_add", args=[pk]), response
        yield reverse("manage:outcome_publish", args=[pk]), outcome
    for pk in (question.pk, question.pk + 1000, 0):
        yield reverse("manage:question_edit", args=[pk]), question_data
        yield reverse("manage:question_delete", args=[pk]), {}
        yield reverse("manage:question_move", args=[pk]), {"direction": "up"}


def _calendar_posts(world):
    """Creating and revoking one's own calendar address of A."""
    url = reverse("manage:calendar", args=[world["a"]["partnership"].slug])
    yield url, {"action": "create"}
    yield url, {"action": "revoke"}


def test_officer_of_b_changes_nothing_of_a(client, two_partnerships):
    """GETs and POSTs by an officer of B on A's objects, real or guessed ids,
    are refused and change zero rows."""
    client.force_login(two_partnerships["users"]["officer_b"])
    before = _snapshot()
    for url, data in _posts(two_partnerships):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before


def test_consultation_manager_cannot_change_plans(client, two_partnerships):
    """A consultation manager of A may read drafts but POSTs on plans,
    priorities and deadlines change nothing.

    (Any role in A may have a calendar address of A, and consultation managers
    run A's consultations, so those POSTs are left out here.)"""
    client.force_login(two_partnerships["users"]["manager_a"])
    own = {url for url, _ in _calendar_posts(two_partnerships)}
    before = _snapshot()
    for url, data in _plan_posts(two_partnerships):
        if url in own:
            continue
        assert client.post(url, data).status_code in (403, 404), url
    assert _snapshot() == before

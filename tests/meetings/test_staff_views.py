"""Officers' meeting pages: one annual public meeting from draft to minutes,
form errors, and other partnerships' meetings out of reach."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingDocument
from plans.models import Deadline
from tests.documents import pdf
from tests.meetings.conftest import create_meeting
from tests.meetings.factories import MeetingFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    """The meeting form, filled in as an officer would: 10 November 2026."""
    return {
        "title": "Annual public meeting",
        "kind": "annual_public",
        "ward": "",
        "date_0": "10",
        "date_1": "11",
        "date_2": "2026",
        "start_time": "18:30",
        "end_time": "20:30",
        "place": "Guildhall, High Street",
        "accessibility": "Step-free access, hearing loop, BSL interpreter.",
        "online_url": "https://meet.example.org/annual",
        "summary": "The year's work, then your questions.",
        "version": "1",
        "save": "Save draft",
        **overrides,
    }


def deadline_state(world):
    """(status of the deadline due 31 October 2027, due date of the open one)."""
    deadline = Deadline.objects.get(pk=world.deadline.pk)
    open_one = Deadline.objects.get(duty=world.duty, completed_on__isnull=True)
    return deadline.status_on(datetime.date(2026, 12, 1)), open_one.due_date


def test_an_annual_public_meeting_from_draft_to_minutes(client, borough):
    """Add, publish, attach papers, record attendance and publish minutes: the
    public-meeting deadline stays open until the minutes are out, then is done
    and the next year's opens."""
    partnership = borough.partnership
    client.force_login(borough.editor)
    open_before = ("upcoming", datetime.date(2027, 10, 31))

    # 1. Add the meeting: a draft residents cannot see.
    response = client.post(
        reverse("manage:meeting_add", args=[partnership.slug]), form_data()
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:meeting", args=[meeting.pk])
    assert meeting.status == "draft"
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert deadline_state(borough) == open_before

    # 2. Publish it: residents see it and can add it to their calendars.
    response = client.post(reverse("manage:meeting_publish", args=[meeting.pk]))
    assert response.status_code == 302
    client.logout()
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Tuesday 10 November 2026, 6:30pm to 8:30pm" in page_text(page)
    assert (
        client.get(
            reverse("meetings:ics", args=[partnership.slug, meeting.slug])
        ).status_code
        == 200
    )
    client.force_login(borough.editor)
    assert deadline_state(borough) == open_before

    # 3. Attach the agenda, then the minutes: only the agenda is public.
    for kind, title in (("agenda", "Agenda"), ("minutes", "Draft minutes")):
        response = client.post(
            reverse("manage:meeting_document_add", args=[meeting.pk]),
            {"kind": kind, "title": title, "file": pdf(f"{kind}.pdf")},
        )
        assert response.status_code == 302
    agenda, minutes = MeetingDocument.objects.order_by("pk")
    args = [partnership.slug, meeting.slug]
    client.logout()
    assert (
        client.get(reverse("meetings:document", args=[*args, agenda.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("meetings:document", args=[*args, minutes.pk])).status_code
        == 404
    )
    client.force_login(borough.editor)
    assert deadline_state(borough) == open_before

    # 4. Record attendance: a senior leader of each responsible authority.
    rows = {}
    for organisation in borough.authorities:
        rows[f"rep_{organisation.pk}"] = f"Head of {organisation.name}"
        rows[f"senior_{organisation.pk}"] = "on"
    response = client.post(
        reverse("manage:meeting_attendance", args=[meeting.pk]), rows
    )
    assert response.status_code == 302
    page = client.get(reverse("manage:meeting", args=[meeting.pk]))
    assert "the meeting meets regulation 12" in page_text(page)
    assert deadline_state(borough) == open_before

    # 5. Publish the minutes: the deadline is done, the next one is open.
    confirm = client.get(reverse("manage:meeting_minutes_publish", args=[meeting.pk]))
    assert "mark the public-meeting deadline due 31 October 2027 as done" in (
        page_text(confirm)
    )
    response = client.post(
        reverse("manage:meeting_minutes_publish", args=[meeting.pk]), follow=True
    )
    assert "complete the public-meeting deadline due 31 October 2027" in (
        page_text(response)
    )
    assert deadline_state(borough) == ("done", datetime.date(2028, 10, 31))
    client.logout()
    public = client.get(meeting.get_absolute_url())
    assert "Draft minutes" in page_text(public)
    assert "Head of London Fire Brigade" in page_text(public)
    assert "A senior person from every responsible authority attended" in page_text(
        public
    )
    assert (
        client.get(reverse("meetings:document", args=[*args, minutes.pk])).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title for the meeting"),
        ({"date_0": "31", "date_1": "2"}, "date", "must be a real date"),
        ({"date_2": "1"}, "date", "The year must be between 1998 and 2100"),
        ({"date_2": "99999999"}, "date", "must be a real date"),
        ({"end_time": "18:00"}, "end_time", "The meeting must end after it starts"),
        ({"start_time": "6.30pm"}, "start_time", "using the 24-hour clock"),
        ({"kind": "ward_panel"}, "ward", "Choose the ward this panel is for"),
        (
            {"place": "", "online_url": ""},
            "place",
            "Enter where the meeting is, or a link to join",
        ),
        ({"online_url": "javascript:alert(1)"}, "online_url", "web address"),
        ({"kind": "tea_party"}, "kind", "Select a valid choice"),
    ],
)
def test_bad_meeting_details_show_the_error_summary(
    client, borough, overrides, field, message
):
    """Each mistake: the page again, with the error summary, nothing saved."""
    client.force_login(borough.editor)
    response = client.post(
        reverse("manage:meeting_add", args=[borough.partnership.slug]),
        form_data(**overrides),
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in page_text(response)
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_an_officer_of_another_partnership_gets_404(client, borough, django_user_model):
    """Every page of another partnership's meetings, real or guessed ids, is
    not found, and nothing changes."""
    from partnerships.models import OfficerRole
    from tests.partnerships.factories import PartnershipFactory

    stranger = django_user_model.objects.create_user("stranger@test.example")
    OfficerRole.objects.create(
        user=stranger, partnership=PartnershipFactory(), role="editor"
    )
    meeting = create_meeting(borough)
    document = MeetingDocument.objects.create(
        meeting=meeting,
        kind="agenda",
        title="Agenda",
        file="meetings/x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    client.force_login(stranger)
    urls = [
        reverse("manage:meeting_list", args=[borough.partnership.slug]),
        reverse("manage:meeting_add", args=[borough.partnership.slug]),
        reverse("manage:meeting_document", args=[document.pk]),
        reverse("manage:meeting_document_remove", args=[document.pk]),
    ]
    for name in (
        "meeting",
        "meeting_edit",
        "meeting_publish",
        "meeting_unpublish",
        "meeting_history",
        "meeting_document_add",
        "meeting_attendance",
        "meeting_minutes_publish",
    ):
        urls += [
            reverse(f"manage:{name}", args=[pk]) for pk in (meeting.pk, meeting.pk + 99)
        ]
    version = Meeting.objects.get().version
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data()).status_code == 404, url
    assert Meeting.objects.get().version == version
    assert Meeting.objects.get().status == "draft"
    assert MeetingDocument.objects.count() == 1


def test_a_consultation_manager_may_look_but_not_change(client, borough):
    """Any role sees the meeting; only officers and editors change it."""
    from partnerships.models import OfficerRole

    manager = borough.officer
    OfficerRole.objects.filter(user=manager).update(role="consultation_manager")
    meeting = MeetingFactory(partnership=borough.partnership)
    client.force_login(manager)
    assert client.get(reverse("manage:meeting", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("manage:meeting_edit", args=[meeting.pk]))
    assert response.status_code == 403


def test_the_history_lists_the_meeting_documents_and_attendance(client, borough):
    """Who created, changed and published what, and when."""
    client.force_login(borough.editor)
    client.post(
        reverse("manage:meeting_add", args=[borough.partnership.slug]), form_data()
    )
    meeting = Meeting.objects.get()
    client.post(reverse("manage:meeting_publish", args=[meeting.pk]))
    client.post(
        reverse("manage:meeting_document_add", args=[meeting.pk]),
        {"kind": "agenda", "title": "Agenda", "file": pdf()},
    )
    council = borough.authorities[0]
    client.post(
        reverse("manage:meeting_attendance", args=[meeting.pk]),
        {f"rep_{council.pk}": "Council leader", f"senior_{council.pk}": "on"},
    )
    page = client.get(reverse("manage:meeting_history", args=[meeting.pk]))
    assert page.status_code == 200
    for text in ("Created", "Published", "Document “Agenda”", "Council leader"):
        assert text in page_text(page)

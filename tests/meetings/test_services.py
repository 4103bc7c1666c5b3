"""Meetings: drafts and publishing, minutes, attendance and regulation 12."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Meeting, MeetingDocument
from meetings.selectors import reg12_status
from plans.models import Deadline
from portal.core.drafting import EditConflict
from tests.documents import pdf
from tests.meetings.conftest import create_meeting, meeting_data
from tests.partnerships.factories import WardFactory

pytestmark = pytest.mark.django_db


def held_with_minutes(world, **overrides) -> Meeting:
    """A published meeting that took place, with its minutes uploaded."""
    meeting = create_meeting(world, **overrides)
    meeting = services.meeting_publish(meeting=meeting, actor=world.editor)
    services.meeting_document_add(
        meeting=meeting, actor=world.editor, kind="minutes", title="Minutes", file=pdf()
    )
    return meeting


def attend(world, meeting, *, skip=(), senior=True) -> Meeting:
    rows = {
        organisation.pk: (f"Head of {organisation.name}", senior)
        for organisation in world.authorities
        if organisation not in skip
    }
    return services.meeting_attendance_record(
        meeting=meeting, actor=world.editor, rows=rows
    )


def test_a_new_meeting_is_a_draft_and_publishing_applies_its_draft(borough):
    """Created as a draft; a saved draft reaches the live fields on publish."""
    meeting = create_meeting(borough)
    assert meeting.status == Meeting.Status.DRAFT
    assert not Meeting.objects.public().exists()
    assert meeting.slug == "annual-public-meeting-november-2026"
    meeting = services.meeting_publish(meeting=meeting, actor=borough.editor)
    later = meeting.starts_at + datetime.timedelta(days=1)
    services.meeting_save_draft(
        meeting=meeting,
        actor=borough.editor,
        data=meeting_data(
            title="Annual public meeting (moved)",
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=2),
        ),
        version=meeting.version,
    )
    meeting.refresh_from_db()
    assert meeting.title == "Annual public meeting"
    published = services.meeting_publish(meeting=meeting, actor=borough.editor)
    assert published.title == "Annual public meeting (moved)"
    assert published.starts_at == later
    assert published.draft is None


def test_a_second_save_from_the_same_version_is_refused(borough):
    """Two officers editing from one version cannot overwrite each other."""
    meeting = create_meeting(borough)
    services.meeting_save_draft(
        meeting=meeting, actor=borough.editor, data={"title": "One"}, version=1
    )
    with pytest.raises(EditConflict):
        services.meeting_save_draft(
            meeting=meeting, actor=borough.officer, data={"title": "Two"}, version=1
        )


def test_a_ward_panel_needs_a_ward_of_the_partnership(borough):
    """No ward, or another borough's ward: refused, nothing stored."""
    with pytest.raises(ValidationError) as refused:
        create_meeting(borough, kind="ward_panel", title="Ward panel")
    assert "ward" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        create_meeting(borough, kind="ward_panel", ward=WardFactory())
    assert "ward" in refused.value.message_dict
    assert not Meeting.objects.exists()
    panel = create_meeting(borough, kind="ward_panel", ward=borough.ward)
    assert panel.ward == borough.ward


def test_minutes_cannot_be_published_too_early(borough):
    """Not published, not yet held, or no minutes document: refused."""
    draft = create_meeting(borough)
    with pytest.raises(ValidationError):
        services.meeting_minutes_publish(meeting=draft, actor=borough.editor)
    soon = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=5)
    upcoming = services.meeting_publish(
        meeting=create_meeting(
            borough, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
        ),
        actor=borough.editor,
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_minutes_publish(meeting=upcoming, actor=borough.editor)
    assert "The meeting has not taken place yet." in refused.value.messages
    assert "Add the minutes as a document first." in refused.value.messages
    assert not Meeting.objects.filter(minutes_published_at__isnull=False).exists()


def test_minutes_of_a_qualifying_meeting_complete_the_deadline(borough):
    """Every responsible authority's senior leader there: the public-meeting
    deadline is done with the meeting as evidence, and the next one opens."""
    meeting = attend(borough, held_with_minutes(borough))
    borough.deadline.refresh_from_db()
    assert borough.deadline.completed_on is None  # minutes not yet published
    meeting = services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    deadline = Deadline.objects.get(pk=borough.deadline.pk)
    assert deadline.completed_on == datetime.date(2026, 12, 1)
    assert deadline.completed_by == borough.editor
    assert deadline.evidence_path == meeting.get_absolute_url()
    assert meeting.deadline == deadline
    following = Deadline.objects.get(duty=borough.duty, completed_on__isnull=True)
    assert following.due_date == datetime.date(2028, 10, 31)
    # Publishing again, or correcting attendance, completes nothing more.
    services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    attend(borough, meeting)
    assert Deadline.objects.filter(completed_on__isnull=False).count() == 1


def test_a_meeting_lacking_one_authority_leaves_the_deadline_open(borough):
    """The fire service sent nobody: minutes publish, the deadline stays open
    and regulation 12 names who was missing; recording them completes it."""
    fire = borough.authorities[2]
    meeting = attend(borough, held_with_minutes(borough), skip=[fire])
    meeting = services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    assert meeting.minutes_published
    status = reg12_status(meeting=meeting)
    assert not status.met
    assert status.missing == [fire]
    assert Deadline.objects.get(pk=borough.deadline.pk).completed_on is None
    assert meeting.deadline is None

    meeting = attend(borough, meeting)
    assert Deadline.objects.get(pk=borough.deadline.pk).completed_on is not None
    assert Meeting.objects.get(pk=meeting.pk).deadline_id == borough.deadline.pk


def test_a_representative_who_is_not_senior_does_not_count(borough):
    """Regulation 12 asks for senior people: juniors leave the deadline open."""
    meeting = attend(borough, held_with_minutes(borough), senior=False)
    services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    assert Deadline.objects.get(pk=borough.deadline.pk).completed_on is None


def test_only_the_annual_public_meeting_completes_the_deadline(borough):
    """A board meeting with everyone there is not the public meeting."""
    meeting = attend(borough, held_with_minutes(borough, kind="board"))
    services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    assert Deadline.objects.get(pk=borough.deadline.pk).completed_on is None


def test_a_meeting_from_the_year_before_does_not_complete_this_deadline(borough):
    """Held more than a year before the open deadline's due date: it belonged
    to the year before, so this year's deadline stays open."""
    old = datetime.datetime(2026, 10, 1, 18, 30, tzinfo=datetime.UTC)
    meeting = attend(
        borough,
        held_with_minutes(
            borough, starts_at=old, ends_at=old + datetime.timedelta(hours=2)
        ),
    )
    services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    assert Deadline.objects.get(pk=borough.deadline.pk).completed_on is None


def test_attendance_only_for_members_and_empty_names_remove_it(borough):
    """An outsider organisation is refused; an emptied name removes the row."""
    from tests.partnerships.factories import OrganisationFactory

    meeting = create_meeting(borough)
    with pytest.raises(ValidationError):
        services.meeting_attendance_record(
            meeting=meeting,
            actor=borough.editor,
            rows={OrganisationFactory().pk: ("Someone", True)},
        )
    council = borough.authorities[0]
    services.meeting_attendance_record(
        meeting=meeting, actor=borough.editor, rows={council.pk: ("Leader", True)}
    )
    services.meeting_attendance_record(
        meeting=meeting, actor=borough.editor, rows={council.pk: ("", True)}
    )
    assert not Attendance.objects.exists()


def test_the_last_published_minutes_cannot_be_removed(borough):
    """Published minutes keep a minutes document; papers can go."""
    meeting = attend(borough, held_with_minutes(borough))
    services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    minutes = MeetingDocument.objects.get(kind="minutes")
    with pytest.raises(ValidationError):
        services.meeting_document_remove(document=minutes, actor=borough.editor)
    assert MeetingDocument.objects.filter(pk=minutes.pk).exists()


def test_unpublishing_hides_the_meeting_and_its_minutes(borough):
    """Back to a draft; the minutes are no longer published."""
    meeting = attend(borough, held_with_minutes(borough))
    services.meeting_minutes_publish(meeting=meeting, actor=borough.editor)
    meeting = services.meeting_unpublish(meeting=meeting, actor=borough.editor)
    assert meeting.status == Meeting.Status.DRAFT
    assert not meeting.minutes_published
    assert not Meeting.objects.public().exists()


def test_publishing_a_meeting_to_come_announces_it_once_per_date(borough):
    """Followers hear of a meeting still to come (its ward's followers too);
    publishing again changes nothing, a new date is announced again, and a
    meeting already held is not announced."""
    from opendata.models import Event

    soon = timezone.localtime().replace(
        hour=18, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=14)
    panel = create_meeting(
        borough,
        title="Canbury ward panel",
        kind="ward_panel",
        ward=borough.ward,
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=1),
    )
    panel = services.meeting_publish(meeting=panel, actor=borough.editor)
    services.meeting_publish(meeting=panel, actor=borough.editor)
    event = Event.objects.get(kind=Event.Kind.MEETING_SCHEDULED)
    assert (event.object_id, event.area_id) == (panel.pk, borough.ward.pk)
    assert event.path == panel.get_absolute_url()
    later = soon + datetime.timedelta(days=7)
    services.meeting_save_draft(
        meeting=panel,
        actor=borough.editor,
        data=meeting_data(
            title="Canbury ward panel",
            kind="ward_panel",
            ward=borough.ward,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=1),
        ),
        version=panel.version,
    )
    services.meeting_publish(meeting=panel, actor=borough.editor)
    assert Event.objects.filter(kind=Event.Kind.MEETING_SCHEDULED).count() == 2
    held = create_meeting(borough)  # last month
    services.meeting_publish(meeting=held, actor=borough.editor)
    assert not Event.objects.filter(object_id=held.pk).exists()

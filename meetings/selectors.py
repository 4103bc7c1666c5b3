"""Reads for meetings: residents' lists and pages, officers' pages, regulation
12 and the public-meeting deadline."""

import dataclasses
import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from meetings.models import Attendance, Meeting, MeetingDocument
from partnerships.models import Area, Membership, Organisation, Partnership
from plans.models import Deadline, StatutoryDuty
from portal.core.drafting import working_value
from portal.core.history import entries_for

# The feed of a partnership's meetings reaches back this far.
FEED_DAYS_BACK = 366


@dataclasses.dataclass
class MeetingLists:
    upcoming: list[Meeting]
    past: list[Meeting]


def _split(meetings, *, now) -> MeetingLists:
    upcoming = [m for m in meetings if m.ends_at >= now]
    past = [m for m in meetings if m.ends_at < now]
    past.reverse()
    return MeetingLists(upcoming=upcoming, past=past)


def _public(*, partnership: Partnership | None = None) -> QuerySet[Meeting]:
    """Public meetings in date order with their ward, and their partnership
    unless it is ``partnership`` (the caller's, set on each: its columns are
    most of the query's)."""
    meetings = Meeting.objects.public()
    if partnership is not None:
        meetings = meetings.filter(partnership=partnership).select_related("ward")
    else:
        meetings = meetings.select_related("partnership", "ward")
    return meetings.order_by("starts_at", "pk")


def _of(partnership: Partnership, meetings) -> list[Meeting]:
    meetings = list(meetings)
    for meeting in meetings:
        meeting.partnership = partnership
    return meetings


def meeting_list_public(
    *, partnership: Partnership, now=None, limit: int | None = None
) -> MeetingLists:
    """A partnership's published meetings: upcoming soonest first, then past
    ones latest first (``limit`` of each, if given: two queries; one without)."""
    now = now or timezone.now()
    meetings = _public(partnership=partnership)
    if limit is None:
        return _split(_of(partnership, meetings), now=now)
    upcoming = meetings.filter(ends_at__gte=now)
    past = meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return MeetingLists(
        upcoming=_of(partnership, upcoming[:limit]),
        past=_of(partnership, past[:limit]),
    )


def meeting_list_for_ward(*, ward: Area, now=None) -> MeetingLists:
    """Published meetings held for one ward (ward panels and the like)."""
    return _split(list(_public().filter(ward=ward)), now=now or timezone.now())


def meeting_list_for_feed(*, partnership: Partnership, now=None) -> list[Meeting]:
    """Published meetings of the last year and all to come, for the calendar."""
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_DAYS_BACK)
    return _of(partnership, _public(partnership=partnership).filter(ends_at__gte=since))


def meeting_detail_public(*, partnership_slug: str) -> QuerySet[Meeting]:
    """Published meetings of one partnership with what their page shows."""
    return (
        _public()
        .filter(partnership__slug=partnership_slug)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.order_by("uploaded_at", "pk"),
            ),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("organisation"),
            ),
        )
    )


@dataclasses.dataclass
class MeetingDocuments:
    agenda: list[MeetingDocument]
    papers: list[MeetingDocument]
    minutes: list[MeetingDocument]


def meeting_documents(*, meeting: Meeting, public: bool) -> MeetingDocuments:
    """The meeting's documents by kind, from the prefetched ones; for residents,
    only those they may read (minutes once published)."""
    documents = list(meeting.documents.all())
    by_kind = {
        kind: [d for d in documents if d.kind == kind] for kind in MeetingDocument.Kind
    }
    minutes = by_kind[MeetingDocument.Kind.MINUTES]
    if public and not meeting.minutes_published:
        minutes = []
    return MeetingDocuments(
        agenda=by_kind[MeetingDocument.Kind.AGENDA],
        papers=by_kind[MeetingDocument.Kind.PAPER],
        minutes=minutes,
    )


def meeting_document_public(
    *, partnership_slug: str, meeting_slug: str, pk: int
) -> MeetingDocument | None:
    """One document residents may download, or None: the meeting is public,
    and minutes only once they are published."""
    document = (
        MeetingDocument.objects.filter(
            pk=pk,
            meeting__in=Meeting.objects.public(),
            meeting__partnership__slug=partnership_slug,
            meeting__slug=meeting_slug,
        )
        .select_related("meeting")
        .first()
    )
    if document is None:
        return None
    if (
        document.kind == MeetingDocument.Kind.MINUTES
        and not document.meeting.minutes_published
    ):
        return None
    return document


# --- Regulation 12 ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reg12Row:
    organisation: Organisation
    attendance: Attendance | None

    @property
    def represented(self) -> bool:
        """A senior person of the organisation was there."""
        return self.attendance is not None and self.attendance.is_senior


@dataclasses.dataclass(frozen=True)
class Reg12Status:
    """Whether every responsible authority sent a senior person."""

    rows: list[Reg12Row]

    @property
    def met(self) -> bool:
        return bool(self.rows) and all(row.represented for row in self.rows)

    @property
    def missing(self) -> list[Organisation]:
        return [row.organisation for row in self.rows if not row.represented]


def reg12_status(*, meeting: Meeting) -> Reg12Status:
    """Each responsible authority of the partnership and who attended for it."""
    attendance = {a.organisation_id: a for a in meeting.attendance.all()}
    authorities = (
        Membership.objects.filter(
            partnership_id=meeting.partnership_id,
            role=Membership.Role.RESPONSIBLE_AUTHORITY,
        )
        .select_related("organisation")
        .order_by("order", "organisation__name")
    )
    return Reg12Status(
        rows=[
            Reg12Row(m.organisation, attendance.get(m.organisation_id))
            for m in authorities
        ]
    )


@dataclasses.dataclass(frozen=True)
class AttendanceRow:
    """A member organisation of the partnership and who came for it, if anyone."""

    membership: Membership
    attendance: Attendance | None

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def is_responsible_authority(self) -> bool:
        return self.membership.role == Membership.Role.RESPONSIBLE_AUTHORITY


def attendance_rows(*, meeting: Meeting) -> list[AttendanceRow]:
    """Every member of the partnership, responsible authorities first."""
    attendance = {a.organisation_id: a for a in meeting.attendance.all()}
    members = (
        Membership.objects.filter(partnership_id=meeting.partnership_id)
        .select_related("organisation")
        .order_by("role", "order", "organisation__name")
    )
    return [AttendanceRow(m, attendance.get(m.organisation_id)) for m in members]


def public_meeting_deadline(*, partnership: Partnership, today=None) -> Deadline | None:
    """The partnership's open public-meeting deadline, with its status."""
    deadline = (
        Deadline.objects.filter(
            partnership=partnership,
            duty__kind=StatutoryDuty.Kind.PUBLIC_MEETING,
            completed_on__isnull=True,
            case_reference="",
        )
        .select_related("duty")
        .order_by("due_date", "pk")
        .first()
    )
    if deadline is not None:
        deadline.status = deadline.status_on(today or timezone.localdate())
    return deadline


# --- Officers ----------------------------------------------------------------------


def meeting_list_for_staff(*, partnership: Partnership) -> list[Meeting]:
    """Every meeting of a partnership, drafts too, latest first."""
    return list(
        Meeting.objects.filter(partnership=partnership)
        .select_related("ward")
        .order_by("-starts_at", "-pk")
    )


def meeting_for_staff(*, pk: int) -> Meeting | None:
    return (
        Meeting.objects.filter(pk=pk)
        .select_related("partnership__area", "ward", "draft_saved_by", "deadline__duty")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.order_by("uploaded_at", "pk"),
            ),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("organisation"),
            ),
        )
        .first()
    )


def ward_choices_for_partnership(*, partnership: Partnership) -> QuerySet[Area]:
    """The wards a meeting may be for: the current wards of the borough."""
    return (
        Area.objects.current()
        .filter(parent_id=partnership.area_id, kind=Area.Kind.WARD)
        .order_by("name")
    )


def _aware(value):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return timezone.localtime(value) if value is not None else None


def meeting_working_copy(*, meeting: Meeting) -> dict:
    """The values an officer edits: the draft's where there is one."""
    values = {name: working_value(meeting, name) for name in Meeting.DRAFT_FIELDS}
    values["starts_at"] = _aware(values["starts_at"])
    values["ends_at"] = _aware(values["ends_at"])
    values["version"] = meeting.version
    return values


MEETING_HISTORY_FIELDS = {
    "title": "Title",
    "kind": "Kind of meeting",
    "ward_id": "Ward",
    "starts_at": "Starts",
    "ends_at": "Ends",
    "place": "Place",
    "accessibility": "Accessibility",
    "online_url": "Online joining link",
    "summary": "What will be discussed",
    "status": "Status",
    "minutes_published_at": "Minutes published",
}


def meeting_history(*, meeting: Meeting) -> list[dict]:
    """Who changed what and when: the meeting, its documents and attendance."""
    wards = dict(
        ward_choices_for_partnership(partnership=meeting.partnership).values_list(
            "pk", "name"
        )
    )
    names = {
        "ward_id": wards,
        "kind": dict(Meeting.Kind.choices),
        "status": dict(Meeting.Status.choices),
    }
    entries = entries_for(
        meeting.history.select_related("history_user"),
        fields=MEETING_HISTORY_FIELDS,
        names=names,
    )
    documents: dict[int, list] = {}
    for record in MeetingDocument.history.filter(meeting_id=meeting.pk).select_related(
        "history_user"
    ):
        documents.setdefault(record.id, []).append(record)
    kinds = dict(MeetingDocument.Kind.choices)
    for records in documents.values():
        entries += entries_for(
            records,
            fields={"title": "Title", "kind": "Kind"},
            names={"kind": kinds},
            subject=f"Document “{records[-1].title}”",
        )
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    people: dict[int, list] = {}
    for record in Attendance.history.filter(meeting_id=meeting.pk).select_related(
        "history_user"
    ):
        people.setdefault(record.id, []).append(record)
    for records in people.values():
        entries += entries_for(
            records,
            fields={"representative": "Represented by", "is_senior": "Senior leader"},
            subject=f"Attendance of {organisations.get(records[-1].organisation_id)}",
        )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries

"""Writes for meetings: drafts and publishing, documents, attendance, minutes,
and the public-meeting deadline that a qualifying meeting completes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings.models import Attendance, Meeting, MeetingDocument
from meetings.selectors import reg12_status
from partnerships.models import Area, Membership, Partnership
from plans.deadlines.services import deadline_complete_for_public_meeting
from portal.core import events
from portal.core.documents import document_delete, document_store
from portal.core.drafting import (
    CHANGE_CREATED,
    CHANGE_UNPUBLISHED,
    apply_draft,
    lock_for_edit,
    save_draft,
    stamp,
    unique_slug,
)

MINUTES_PUBLISHED = "Minutes published"


def _check_belongs(*, partnership: Partnership, data: dict) -> None:
    """A meeting's ward is one of the partnership's wards."""
    ward = data.get("ward")
    if ward is not None and not (
        ward.kind == Area.Kind.WARD and ward.parent_id == partnership.area_id
    ):
        raise ValidationError({"ward": "Choose a ward in this partnership's area"})


def _history(obj, *, actor, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = reason


@transaction.atomic
def meeting_create(*, partnership: Partnership, actor, data: dict) -> Meeting:
    """Add a meeting as a draft; residents see it once an editor publishes it."""
    _check_belongs(partnership=partnership, data=data)
    Partnership.objects.select_for_update().get(pk=partnership.pk)  # unique slugs
    starts_at = timezone.localtime(data["starts_at"])
    meeting = Meeting(
        partnership=partnership,
        slug=unique_slug(
            Meeting.objects.filter(partnership=partnership),
            title=f"{data['title']} {starts_at:%B %Y}",
            fallback="meeting",
        ),
        status=Meeting.Status.DRAFT,
        **{name: data.get(name, "") for name in ("place", "accessibility", "summary")},
        **{
            name: data.get(name)
            for name in ("title", "kind", "ward", "starts_at", "ends_at")
        },
        online_url=data.get("online_url") or "",
    )
    meeting.full_clean()
    _history(meeting, actor=actor, reason=CHANGE_CREATED)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_save_draft(*, meeting: Meeting, actor, data: dict, version: int) -> Meeting:
    """Save changes as a draft; residents keep seeing the published meeting.

    Raises ``EditConflict`` when someone else saved since ``version``.
    """
    current = lock_for_edit(Meeting, pk=meeting.pk, version=version)
    _check_belongs(partnership=current.partnership, data=data)
    save_draft(current, values=data, actor=actor)
    current.save()
    return current


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor) -> Meeting:
    """Make the meeting (and its draft changes) public, with its agenda and papers.

    Publishing with nothing pending changes nothing.
    """
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.status == Meeting.Status.PUBLISHED and current.draft is None:
        return current
    apply_draft(current, actor=actor)
    current.status = Meeting.Status.PUBLISHED
    current.published_at = current.published_at or timezone.now()
    current.full_clean()
    current.save()
    _reg12_complete(current, actor=actor)
    _announce(current)
    return current


def _announce(meeting: Meeting) -> None:
    """Tell residents who follow the partnership (or the meeting's ward) about
    a public meeting still to come: once per date and time, so a meeting moved
    to another day is announced again, and other corrections are not."""
    if not meeting.is_public or meeting.starts_at <= timezone.now():
        return
    events.publication_announce(
        kind=events.MEETING_SCHEDULED,
        partnership_id=meeting.partnership_id,
        object_id=meeting.pk,
        key=meeting.starts_at.isoformat(),
        title=meeting.title,
        summary=meeting.summary,
        path=meeting.get_absolute_url(),
        area_id=meeting.ward_id,
    )


@transaction.atomic
def meeting_unpublish(*, meeting: Meeting, actor) -> Meeting:
    """Hide a meeting from residents again; its minutes go with it."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.status == Meeting.Status.DRAFT:
        return current
    current.status = Meeting.Status.DRAFT
    current.minutes_published_at = None
    current.minutes_published_by = None
    stamp(current, actor=actor, reason=CHANGE_UNPUBLISHED)
    current.save()
    return current


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, actor, kind: str, title: str, file
) -> MeetingDocument:
    """Check and store an agenda, paper or minutes.

    A file that is not a PDF, ODT or DOCX, is empty or too big raises
    ``ValidationError`` keyed ``file`` and nothing is stored.
    """
    if kind not in MeetingDocument.Kind.values:
        raise ValidationError({"kind": "Choose what the document is"})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter a title for the document"})
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    try:
        stored = document_store(file, folder=f"meetings/{meeting.pk}")
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    document = MeetingDocument(
        meeting=meeting,
        kind=kind,
        title=title[:200],
        content_type=stored.type.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    document.file.name = stored.name
    _history(document, actor=actor, reason="Added")
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document_delete(stored.name)
        raise
    return document


@transaction.atomic
def meeting_document_remove(*, document: MeetingDocument, actor) -> None:
    """Remove a document and, once that commits, its file.

    Published minutes keep at least one minutes document.
    """
    meeting = Meeting.objects.select_for_update().get(pk=document.meeting_id)
    current = MeetingDocument.objects.filter(pk=document.pk).first()
    if current is None:
        return
    if (
        current.kind == MeetingDocument.Kind.MINUTES
        and meeting.minutes_published
        and not meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES)
        .exclude(pk=current.pk)
        .exists()
    ):
        raise ValidationError(
            "The minutes are published. Add the corrected minutes before you "
            "remove these."
        )
    name = current.file.name
    _history(current, actor=actor, reason="Removed")
    current.delete()
    transaction.on_commit(lambda: document_delete(name))


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, actor, rows: dict) -> Meeting:
    """Record who represented each member organisation.

    ``rows`` maps organisation ids to ``(representative, is_senior)``; an
    empty representative means nobody came. Organisations must be members of
    the partnership. If the minutes are published, regulation 12 is checked
    again, so a correction can complete the deadline.
    """
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    members = set(
        Membership.objects.filter(partnership_id=current.partnership_id).values_list(
            "organisation_id", flat=True
        )
    )
    if set(rows) - members:
        raise ValidationError("Record attendance for the partnership's members only.")
    existing = {a.organisation_id: a for a in current.attendance.all()}
    for organisation_id, (representative, is_senior) in rows.items():
        representative = (representative or "").strip()[:200]
        found = existing.get(organisation_id)
        if not representative:
            if found is not None:
                _history(found, actor=actor, reason="Removed")
                found.delete()
            continue
        if found is None:
            found = Attendance(meeting=current, organisation_id=organisation_id)
        elif (found.representative, found.is_senior) == (representative, is_senior):
            continue
        found.representative = representative
        found.is_senior = bool(is_senior)
        _history(found, actor=actor, reason="Attendance recorded")
        found.save()
    _reg12_complete(current, actor=actor)
    return current


@transaction.atomic
def meeting_minutes_publish(*, meeting: Meeting, actor) -> Meeting:
    """Publish the minutes and attendance of a meeting that has taken place.

    For an annual public meeting with a senior person from every responsible
    authority, this completes the partnership's public-meeting deadline and
    opens the next one. Publishing twice changes nothing.
    """
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.minutes_published:
        return current
    problems = []
    if current.status != Meeting.Status.PUBLISHED:
        problems.append("Publish the meeting before its minutes.")
    if current.starts_at > timezone.now():
        problems.append("The meeting has not taken place yet.")
    if not current.documents.filter(kind=MeetingDocument.Kind.MINUTES).exists():
        problems.append("Add the minutes as a document first.")
    if problems:
        raise ValidationError(problems)
    current.minutes_published_at = timezone.now()
    current.minutes_published_by = actor
    _history(current, actor=actor, reason=MINUTES_PUBLISHED)
    current.save()
    _reg12_complete(current, actor=actor)
    return current


def _reg12_complete(meeting: Meeting, *, actor) -> None:
    """Complete the public-meeting deadline once a qualifying meeting's minutes
    are out: an annual public meeting, published, with a senior person from
    every responsible authority. A meeting completes one deadline at most."""
    if (
        meeting.kind != Meeting.Kind.ANNUAL_PUBLIC
        or meeting.deadline_id is not None
        or not meeting.minutes_published
        or not reg12_status(meeting=meeting).met
    ):
        return
    done = deadline_complete_for_public_meeting(
        partnership_id=meeting.partnership_id,
        held_on=timezone.localtime(meeting.starts_at).date(),
        evidence_path=meeting.get_absolute_url(),
        actor=actor,
    )
    if done is not None:
        meeting.deadline = done
        _history(meeting, actor=actor, reason="Completed the public-meeting deadline")
        meeting.save(update_fields=["deadline", "updated_at"])

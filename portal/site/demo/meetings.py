"""Demo meetings and contact inboxes, written through the services.

* Safer Kingston: its annual public meeting three weeks ago, with the agenda,
  the minutes and a senior leader of each responsible authority, minutes
  published, so the public-meeting deadline is done and the next one open;
* Safer Westminster: a Safer Neighbourhood Board meeting in a fortnight, with
  its agenda;
* Safer Kensington and Chelsea: a ward panel for Colville next month.

Dates are relative to the day the demo is loaded, so the past meeting is past
and the others are to come. Venues, times, job titles and the inbox addresses
are assumptions made for the demo; the seed pages give none. A meeting that
exists already (by partnership and title) is left alone, so loading again
changes nothing.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contact.models import ContactInbox
from meetings import services
from meetings.models import Meeting
from partnerships.models import Area, Membership, Partnership

KINGSTON = "safer-kingston"
WESTMINSTER = "safer-westminster"
KENSINGTON_AND_CHELSEA = "safer-kensington-and-chelsea"
COLVILLE = "E05009392"

# Senior people who attended Kingston's meeting, by organisation slug (roles
# only: the demo names nobody).
KINGSTON_ATTENDANCE = {
    "royal-borough-of-kingston-upon-thames": "Corporate Director of Communities "
    "(chair)",
    "metropolitan-police-service": "Borough Commander, South West Basic Command Unit",
    "london-fire-brigade": "Borough Commander for Kingston upon Thames",
    "probation-service": "Head of the Kingston and Richmond Probation Delivery Unit",
    "nhs-south-west-london-integrated-care-board": "Place Executive Lead for Kingston",
}

INBOXES = {
    KINGSTON: "community.safety@kingston.demo.example",
    WESTMINSTER: "saferwestminster@westminster.demo.example",
    KENSINGTON_AND_CHELSEA: "community.safety@rbkc.demo.example",
}


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and lines of text (Helvetica)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 16 Tf 56 780 Td ({escape(title)}) Tj ET"]
    for number, line in enumerate(lines):
        y = 750 - 18 * number
        text.append(f"BT /F1 11 Tf 56 {y} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _upload(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(title, lines), "application/pdf")


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def _meeting(partnership, *, actor, **data) -> Meeting | None:
    """Create and publish a meeting unless one of that title exists already."""
    if Meeting.objects.filter(partnership=partnership, title=data["title"]).exists():
        return None
    data.setdefault("ward", None)
    meeting = services.meeting_create(partnership=partnership, actor=actor, data=data)
    return services.meeting_publish(meeting=meeting, actor=actor)


def _kingston(partnership, *, actor) -> None:
    starts = _at(-21, 18, 30)
    meeting = _meeting(
        partnership,
        actor=actor,
        title="Safer Kingston Partnership annual public meeting",
        kind=Meeting.Kind.ANNUAL_PUBLIC,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Council Chamber, Guildhall\nHigh Street\nKingston upon Thames\nKT1 1EU",
        accessibility="Step-free entrance from the High Street, a hearing loop in "
        "the chamber and an accessible toilet. Ask us for a British Sign Language "
        "interpreter at least a week before.",
        online_url="https://meet.demo.example/safer-kingston-2026",
        summary="The partnership's year: progress on the 2024 to 2029 plan, "
        "crime and antisocial behaviour in the borough, and **your questions** to "
        "the leaders of the council, police, fire brigade, probation and the "
        "health service.",
    )
    if meeting is None:
        return
    when = f"{timezone.localtime(starts):%-d %B %Y}"
    services.meeting_document_add(
        meeting=meeting,
        actor=actor,
        kind="agenda",
        title="Agenda",
        file=_upload(
            "agenda.pdf",
            "Safer Kingston Partnership: annual public meeting",
            [
                when,
                "1. Welcome and introductions",
                "2. The partnership's year",
                "3. Crime and antisocial behaviour in Kingston",
                "4. Questions from residents",
            ],
        ),
    )
    services.meeting_document_add(
        meeting=meeting,
        actor=actor,
        kind="minutes",
        title="Minutes",
        file=_upload(
            "minutes.pdf",
            "Minutes: Safer Kingston Partnership annual public meeting",
            [
                when,
                "Present: a senior leader of each responsible authority.",
                "Residents asked about safety in the town centre at night,",
                "bicycle theft and support for victims of domestic abuse.",
            ],
        ),
    )
    organisations = {
        m.organisation.slug: m.organisation
        for m in Membership.objects.filter(partnership=partnership).select_related(
            "organisation"
        )
    }
    rows = {
        organisations[slug].pk: (role, True)
        for slug, role in KINGSTON_ATTENDANCE.items()
        if slug in organisations
    }
    services.meeting_attendance_record(meeting=meeting, actor=actor, rows=rows)
    services.meeting_minutes_publish(meeting=meeting, actor=actor)


def _westminster(partnership, *, actor) -> None:
    starts = _at(16, 18)
    meeting = _meeting(
        partnership,
        actor=actor,
        title="Westminster Safer Neighbourhood Board",
        kind=Meeting.Kind.SAFER_NEIGHBOURHOOD_BOARD,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Westminster Council House\nMarylebone Road\nLondon\nNW1 5PT",
        accessibility="Step-free access by the side entrance and a hearing loop.",
        online_url="",
        summary="Residents, ward panel chairs and the police agree the "
        "neighbourhood priorities for the next quarter. Everyone is welcome.",
    )
    if meeting is None:
        return
    services.meeting_document_add(
        meeting=meeting,
        actor=actor,
        kind="agenda",
        title="Agenda",
        file=_upload(
            "agenda.pdf",
            "Westminster Safer Neighbourhood Board",
            [
                f"{timezone.localtime(starts):%-d %B %Y}",
                "1. Police performance in Westminster",
                "2. Reports from ward panels",
                "3. Neighbourhood priorities for the next quarter",
            ],
        ),
    )


def _kensington_and_chelsea(partnership, *, actor) -> None:
    ward = Area.objects.current().filter(code=COLVILLE).first()
    if ward is None:
        return
    starts = _at(30, 19)
    _meeting(
        partnership,
        actor=actor,
        title="Colville ward panel",
        kind=Meeting.Kind.WARD_PANEL,
        ward=ward,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        place="Community room, Colville library\nLondon\nW11",
        accessibility="Ground floor, step-free. Tell us if you need anything else.",
        online_url="https://meet.demo.example/colville-ward-panel",
        summary="Meet the Colville Safer Neighbourhoods team and agree what they "
        "should focus on: antisocial behaviour, drug dealing and safety on "
        "Portobello Road.",
    )


def demo_meetings_load(*, actor=None) -> None:
    """Load the demo meetings and contact inboxes; loading again changes nothing.

    ``actor`` None writes as the system, like the rest of the demo."""
    partnerships = {p.slug: p for p in Partnership.objects.filter(slug__in=INBOXES)}
    for slug, email in INBOXES.items():
        if slug in partnerships:
            ContactInbox.objects.get_or_create(
                partnership=partnerships[slug], defaults={"email": email}
            )
    for slug, load in (
        (KINGSTON, _kingston),
        (WESTMINSTER, _westminster),
        (KENSINGTON_AND_CHELSEA, _kensington_and_chelsea),
    ):
        if slug in partnerships:
            load(partnerships[slug], actor=actor)

"""Reads for statutory deadlines: officers' lists, the calendar feed and the
residents' table of statutory documents.

Every list here is read in a fixed number of queries, however many deadlines
or owners there are: owners are prefetched, duties and partnerships joined.
"""

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.template.defaultfilters import pluralize
from django.utils import timezone

from partnerships.models import OfficerRole, Partnership
from plans.models import CalendarToken, Deadline, Plan, StatutoryDuty

# Done deadlines stay in officers' lists (and calendars) this long.
RECENTLY_DONE_DAYS = 90


@dataclasses.dataclass
class DeadlineGroups:
    """A user's deadlines as officers read them, most pressing first."""

    overdue: list[Deadline]
    due: list[Deadline]
    upcoming: list[Deadline]
    done: list[Deadline]

    @property
    def pressing(self) -> list[Deadline]:
        """Overdue, then due within the due window: what the dashboard shows."""
        return self.overdue + self.due

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due or self.upcoming or self.done)


def _owners_prefetch() -> Prefetch:
    return Prefetch(
        "owners",
        queryset=get_user_model().objects.order_by("first_name", "last_name", "email"),
    )


def _with_details(queryset: QuerySet[Deadline]) -> QuerySet[Deadline]:
    return queryset.select_related(
        "duty", "partnership", "completed_by", "evidence_plan__partnership"
    ).prefetch_related(_owners_prefetch())


def _current(queryset: QuerySet[Deadline], *, today) -> QuerySet[Deadline]:
    """Open deadlines, and those done in the last ``RECENTLY_DONE_DAYS`` days."""
    since = today - datetime.timedelta(days=RECENTLY_DONE_DAYS)
    return queryset.filter(Q(completed_on__isnull=True) | Q(completed_on__gte=since))


def _describe(deadline: Deadline, *, today) -> Deadline:
    """Attach what the pages show but the model does not hold."""
    deadline.status = deadline.status_on(today)
    deadline.days_left = days = (deadline.due_date - today).days
    if days == 0:
        deadline.when = "today"
    elif days > 0:
        deadline.when = f"in {days} day{pluralize(days)}"
    else:
        deadline.when = f"{-days} day{pluralize(-days)} ago"
    if deadline.evidence_url:
        deadline.evidence_link = deadline.evidence_url
    elif deadline.evidence_plan_id:
        deadline.evidence_link = deadline.evidence_plan.get_absolute_url()
    elif deadline.evidence_path:
        deadline.evidence_link = deadline.evidence_path
    else:
        deadline.evidence_link = ""
    return deadline


def deadline_queryset_for_user(*, user) -> QuerySet[Deadline]:
    """Deadlines of every partnership the user has a role in; all for site admins."""
    deadlines = Deadline.objects.all()
    if user.is_active and user.is_superuser:
        return deadlines
    return deadlines.filter(
        partnership_id__in=OfficerRole.objects.filter(user=user).values(
            "partnership_id"
        )
    )


def deadline_groups_for_user(*, user, today: datetime.date) -> DeadlineGroups:
    """The user's open deadlines by status, and those done recently.

    Each deadline carries ``status``, ``days_left``, ``evidence_link`` and
    ``can_complete`` (whether this user may mark it done). Three queries.
    """
    deadlines = _with_details(
        _current(deadline_queryset_for_user(user=user), today=today)
    ).order_by("due_date", "partnership__name", "pk")
    groups = DeadlineGroups(overdue=[], due=[], upcoming=[], done=[])
    by_status = {
        Deadline.Status.OVERDUE: groups.overdue,
        Deadline.Status.DUE: groups.due,
        Deadline.Status.UPCOMING: groups.upcoming,
        Deadline.Status.DONE: groups.done,
    }
    for deadline in deadlines:
        _describe(deadline, today=today)
        deadline.can_complete = (
            deadline.status != Deadline.Status.DONE
            and user.has_perm("plans.complete_deadline", deadline)
        )
        by_status[deadline.status].append(deadline)
    groups.done.sort(key=lambda d: (d.completed_on, d.pk), reverse=True)
    return groups


def deadline_for_staff(*, pk: int, today: datetime.date) -> Deadline | None:
    """One deadline with its duty, partnership, owners and status, or None."""
    deadline = _with_details(Deadline.objects.filter(pk=pk)).first()
    return None if deadline is None else _describe(deadline, today=today)


def deadline_next_after(*, deadline: Deadline) -> Deadline | None:
    """What follows a done deadline: the duty's next open one (for a case, the
    same case's next stage)."""
    return (
        Deadline.objects.filter(
            duty_id=deadline.duty_id,
            case_reference=deadline.case_reference,
            completed_on__isnull=True,
        )
        .select_related("duty")
        .order_by("due_date", "pk")
        .first()
    )


def deadline_list_for_calendar(
    *, partnership: Partnership, today: datetime.date
) -> list[Deadline]:
    """One partnership's open and recently done deadlines, for its calendar feed."""
    deadlines = _with_details(
        _current(Deadline.objects.filter(partnership=partnership), today=today)
    ).order_by("due_date", "pk")
    return [_describe(deadline, today=today) for deadline in deadlines]


def calendar_token_active(*, user, partnership: Partnership) -> CalendarToken | None:
    """The user's calendar address for the partnership that is still in use."""
    return (
        CalendarToken.objects.filter(
            user=user, partnership=partnership, revoked_at__isnull=True
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def calendar_token_for_feed(*, token: str) -> CalendarToken | None:
    """The live token behind a feed address, with its user and partnership.

    A revoked token, or one whose user is no longer an officer of the
    partnership (or no longer active), gives None. Site administrators keep
    their feeds without a role.
    """
    found = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user", "partnership")
        .first()
    )
    if found is None or not found.user.has_perm(
        "plans.subscribe_calendar", found.partnership
    ):
        return None
    return found


def users_not_officers_of(*, partnership: Partnership, users) -> list:
    """Those of ``users`` with no role in the partnership (owners must have one)."""
    users = list(users)
    members = set(
        OfficerRole.objects.filter(
            partnership=partnership, user__in=[u.pk for u in users]
        ).values_list("user_id", flat=True)
    )
    return [u for u in users if u.pk not in members]


@dataclasses.dataclass(frozen=True)
class StatutoryDocumentRow:
    """One row of the residents' table: a duty a published document completes."""

    label: str
    last_published: Plan | None
    next_due: datetime.date | None
    # The year the last published document's period ended, when it has.
    period_ended: int | None = None
    # Due date passed, or the document's period over: a refresh is overdue.
    overdue: bool = False


def statutory_documents_for_partnership(
    *, partnership: Partnership, plans: list[Plan]
) -> list[StatutoryDocumentRow]:
    """When each statutory document was last published and when the next is due.

    ``plans`` are the partnership's public documents, already read for its
    page; this adds one query for the open deadlines, whatever their number.
    """
    kinds = list(dict.fromkeys(StatutoryDuty.COMPLETED_BY_PUBLISHING.values()))
    latest: dict[str, Plan] = {}
    for plan in plans:
        kind = StatutoryDuty.COMPLETED_BY_PUBLISHING.get(plan.kind)
        if kind is None or plan.published_on is None:
            continue
        plan.partnership = partnership  # its link needs the slug: no query
        shown = latest.get(kind)
        if shown is None or (plan.published_on, plan.pk) > (
            shown.published_on,
            shown.pk,
        ):
            latest[kind] = plan
    next_due: dict[str, datetime.date] = {}
    for kind, due_date in (
        Deadline.objects.filter(
            partnership=partnership,
            duty__kind__in=kinds,
            completed_on__isnull=True,
            case_reference="",
        )
        .order_by("due_date")
        .values_list("duty__kind", "due_date")
    ):
        next_due.setdefault(kind, due_date)
    today = timezone.localdate()
    rows = []
    for kind in kinds:
        plan, due = latest.get(kind), next_due.get(kind)
        ended = (
            plan.end_year
            if plan is not None
            and plan.end_year is not None
            and plan.end_year < today.year
            else None
        )
        rows.append(
            StatutoryDocumentRow(
                label=StatutoryDuty.Kind(kind).label,
                last_published=plan,
                next_due=due,
                period_ended=ended,
                overdue=ended is not None or (due is not None and due < today),
            )
        )
    return rows

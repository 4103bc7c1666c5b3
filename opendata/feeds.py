"""Atom feeds of a partnership, for feed readers (Django's syndication framework).

- publications: its public plans, strategies, assessments and reports (by
  publication date), and the published results of its consultations;
- consultations: its open, closed and published consultations (by opening);
- meetings: its published meetings, past and to come (by publication). The
  meetings app also has an iCalendar feed of them, for calendars.

Only what the pages show: the feeds read ``opendata.selectors``.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from engagement.models import Consultation, Outcome
from opendata import selectors
from partnerships.selectors import partnership_list_public

ITEMS = 50


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


class PartnershipFeed(Feed):
    feed_type = Atom1Feed
    what = ""

    def get_object(self, request, partnership_slug):
        return get_object_or_404(partnership_list_public(), slug=partnership_slug)

    def title(self, partnership):
        return f"{partnership.name}: {self.what}"

    def link(self, partnership):
        return partnership.get_absolute_url()

    def author_name(self, partnership):
        return partnership.name

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return item["path"]

    def item_guid(self, item):
        return item["guid"]

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item["published"]

    def item_updateddate(self, item):
        return item["updated"]

    def item_categories(self, item):
        return [item["category"]]


class PublicationsFeed(PartnershipFeed):
    what = "publications"

    def subtitle(self, partnership):
        return (
            f"Plans, strategies, assessments, reports and consultation results "
            f"published by {partnership.name}."
        )

    def feed_url(self, partnership):
        return reverse("feeds:publications", args=[partnership.slug])

    def items(self, partnership):
        items = [
            {
                "guid": f"plan-{plan.pk}",
                "title": plan.title,
                "summary": plan.summary
                or f"{plan.get_kind_display()} {plan.period}".strip(),
                "path": plan.get_absolute_url(),
                "published": _start_of(plan.published_on),
                "updated": plan.updated_at,
                "category": plan.get_kind_display(),
            }
            for plan in selectors.plan_list_open()
            .filter(partnership=partnership)
            .order_by("-published_on", "-pk")[:ITEMS]
        ]
        outcomes = (
            Outcome.objects.filter(
                published_at__isnull=False,
                consultation__in=selectors.consultation_list_open().filter(
                    partnership=partnership, status=Consultation.Status.PUBLISHED
                ),
            )
            .select_related("consultation__partnership")
            .order_by("-published_at")[:ITEMS]
        )
        items += [
            {
                "guid": f"consultation-results-{outcome.consultation_id}",
                "title": f"Results: {outcome.consultation.title}",
                "summary": outcome.you_said[:500],
                "path": reverse(
                    "engagement:results",
                    kwargs={
                        "partnership_slug": partnership.slug,
                        "slug": outcome.consultation.slug,
                    },
                ),
                "published": outcome.published_at,
                "updated": outcome.published_at,
                "category": "Consultation results",
            }
            for outcome in outcomes
        ]
        items.sort(key=lambda item: item["published"], reverse=True)
        return items[:ITEMS]


class ConsultationsFeed(PartnershipFeed):
    what = "consultations"

    def subtitle(self, partnership):
        return f"Public consultations of {partnership.name}: have your say."

    def feed_url(self, partnership):
        return reverse("feeds:consultations", args=[partnership.slug])

    def items(self, partnership):
        consultations = (
            selectors.consultation_list_open()
            .filter(partnership=partnership)
            .order_by("-opens_at", "-pk")[:ITEMS]
        )
        return [
            {
                "guid": f"consultation-{c.pk}",
                "title": c.title,
                "summary": f"{c.summary} ({c.get_status_display()}; open "
                f"{timezone.localtime(c.opens_at):%-d %B %Y} to "
                f"{timezone.localtime(c.closes_at):%-d %B %Y}.)",
                "path": c.get_absolute_url(),
                "published": c.opens_at,
                "updated": c.updated_at,
                "category": c.get_status_display(),
            }
            for c in consultations
        ]


class MeetingsFeed(PartnershipFeed):
    what = "meetings"

    def subtitle(self, partnership):
        return (
            f"Public meetings of {partnership.name}: annual public meetings, "
            f"boards and ward panels."
        )

    def feed_url(self, partnership):
        return reverse("feeds:meetings", args=[partnership.slug])

    def items(self, partnership):
        meetings = (
            selectors.meeting_list_open()
            .prefetch_related(None)  # the entries show no documents
            .filter(partnership=partnership)
            .order_by(F("published_at").desc(nulls_last=True), "-starts_at", "-pk")[
                :ITEMS
            ]
        )
        return [
            {
                "guid": f"meeting-{m.pk}",
                "title": m.title,
                "summary": _meeting_summary(m),
                "path": m.get_absolute_url(),
                "published": m.published_at or m.created_at,
                "updated": m.updated_at,
                "category": m.get_kind_display(),
            }
            for m in meetings
        ]


def _meeting_summary(meeting) -> str:
    starts = timezone.localtime(meeting.starts_at)
    where = meeting.place.splitlines()[0] if meeting.place.strip() else "Online"
    text = f"{starts:%-d %B %Y}, {starts:%H:%M}"
    text = f"{text}: {where}."
    if meeting.ward_id is not None:
        text = f"{text} For {meeting.ward.name} ward."
    return f"{text} {meeting.summary}".strip()[:1000]

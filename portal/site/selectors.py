"""Site-wide reads: search, the health check, and when a plan page last changed."""

import redis
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DatabaseError, connection
from django.db.models import F, Max, Q, QuerySet

from plans.models import Plan, PlanSection
from portal.core.drafting import CHANGE_DRAFT_SAVED
from portal.site.models import SearchEntry
from priorities.models import Priority


def search_entries(*, query: str) -> QuerySet[SearchEntry]:
    """Public entries matching ``query``, best first.

    PostgreSQL ranks by the weighted full-text vector (websearch syntax, English
    stemming). The SQLite quickstart falls back to a case-insensitive match of
    every word.
    """
    entries = SearchEntry.objects.filter(partnership__is_published=True).select_related(
        "partnership"
    )
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            entries.filter(document=search_query)
            .annotate(rank=SearchRank(F("document"), search_query))
            .order_by("-rank", "title", "id")
        )
    for word in query.split():
        entries = entries.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
        )
    return entries.order_by("title", "id")


def health_status() -> dict[str, str]:
    """Whether the database and Redis answer: {"database": "ok", "redis": "..."}."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = "ok"
    except DatabaseError:
        status["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            )
            client.ping()
            status["redis"] = "ok"
        except redis.RedisError:
            status["redis"] = "unavailable"
        finally:
            client.close()
    else:
        status["redis"] = "not configured"
    return status


def plan_last_published(*, plan: Plan):
    """When residents last saw the plan, its sections or priorities change.

    Read from the change history, leaving out draft saves (a draft changes
    nothing residents see); falls back to the plan's own timestamp.
    """
    public = ~Q(history_change_reason=CHANGE_DRAFT_SAVED)
    dates = [
        plan.history.filter(public).aggregate(m=Max("history_date"))["m"],
        PlanSection.history.filter(public, plan_id=plan.pk).aggregate(
            m=Max("history_date")
        )["m"],
        Priority.history.filter(public, plan_id=plan.pk).aggregate(
            m=Max("history_date")
        )["m"],
    ]
    return max((d for d in dates if d), default=plan.updated_at)

"""Site-wide reads: search, the health check, and when a plan page last changed."""

from pathlib import Path

import redis
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DatabaseError, connection
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from plans.models import Plan, PlanSection
from portal.celery import app as celery_app
from portal.core.beat import BEAT
from portal.core.drafting import CHANGE_DRAFT_SAVED
from portal.core.models import Heartbeat
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


# How long /healthz?full waits for a worker to answer its ping.
WORKER_PING_SECONDS = 1.0


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _broker_url() -> str:
    # What the Celery app really uses (a test may point it elsewhere).
    return celery_app.conf.broker_url or ""


def _is_redis(url: str) -> bool:
    return url.startswith(("redis://", "rediss://", "unix://"))


def _cache_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"  # per-process memory (the quickstart)
    return "ok" if _redis_answers(settings.REDIS_URL) else "unavailable"


def _broker_state() -> str:
    url = _broker_url()
    if _is_redis(url):
        return "ok" if _redis_answers(url) else "unavailable"
    if url.startswith("filesystem://"):
        folder = celery_app.conf.broker_transport_options.get("data_folder_in", "")
        return "ok" if folder and Path(folder).is_dir() else "unavailable"
    return "not configured"  # tasks run in the calling process


def _beat_state(now) -> str:
    heartbeat = Heartbeat.objects.filter(name=BEAT).first()
    if heartbeat is None:
        return "unavailable"
    age = (now - heartbeat.beat_at).total_seconds()
    return "ok" if age <= settings.PORTAL_BEAT_STALE_SECONDS else "stale"


def _worker_state() -> str:
    if celery_app.conf.task_always_eager:
        return "not configured"  # tasks run in the calling process
    try:
        replies = celery_app.control.ping(timeout=WORKER_PING_SECONDS, limit=1)
    except Exception:
        return "unavailable"
    return "ok" if replies else "unavailable"


def health_status(*, full: bool = False) -> dict[str, str]:
    """What the portal depends on, each named with its state.

    By default (the load balancer's and the web container's check) only what a
    web process needs to answer: ``{"database": "ok", "redis": "ok"}``, where
    "redis" covers the cache and the broker. With ``full``: the database, the
    cache, the broker, Celery beat (a heartbeat recorded in the last
    PORTAL_BEAT_STALE_SECONDS: "ok", else "stale", or "unavailable" if never
    seen) and the workers (one answered a ping within a second). Each state is
    "ok", "unavailable", "stale" or "not configured" (the quickstart's
    in-process stand-ins).
    """
    if not full:
        status = {"database": _database_state()}
        urls = [u for u in (settings.REDIS_URL, _broker_url()) if _is_redis(u)]
        if urls:
            answers = all(_redis_answers(url) for url in dict.fromkeys(urls))
            status["redis"] = "ok" if answers else "unavailable"
        else:
            status["redis"] = "not configured"
        return status
    database = _database_state()
    return {
        "database": database,
        "cache": _cache_state(),
        "broker": _broker_state(),
        "beat": _beat_state(timezone.now()) if database == "ok" else "unavailable",
        "worker": _worker_state(),
    }


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

"""Site-wide reads: search, the health check, and when a plan page last changed."""

import operator
import re
from functools import reduce
from pathlib import Path

import redis
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DatabaseError, connection
from django.db.models import (
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.utils import timezone

from plans.models import Plan, PlanSection
from portal.celery import app as celery_app
from portal.core.beat import BEAT
from portal.core.drafting import CHANGE_DRAFT_SAVED
from portal.core.history import history_records
from portal.core.models import Heartbeat
from portal.site.models import SearchEntry
from portal.site.search_terms import MARK_START, MARK_STOP, SearchTerms, search_terms
from priorities.models import Priority


def _text_query(terms: SearchTerms) -> SearchQuery | None:
    """The tsquery: every group found (any of its variants) and the words left."""
    parts = []
    for group in terms.groups:
        # "anti social" as a phrase also matches "anti-social" (PostgreSQL
        # indexes a hyphenated word's parts too), but not the other way round.
        variants = [
            SearchQuery(v.replace("-", " "), search_type="phrase", config="english")
            for v in group
        ]
        parts.append(reduce(operator.or_, variants))
    if terms.rest:
        parts.append(SearchQuery(terms.rest, search_type="websearch", config="english"))
    return reduce(operator.and_, parts) if parts else None


def _marked(field: str, search_query: SearchQuery, **options) -> SearchHeadline:
    # The marks are stripped from the stored text first, so only ts_headline
    # can put them in (see portal.site.search_terms).
    clean = Func(
        F(field),
        Value(MARK_START + MARK_STOP),
        Value(""),
        function="translate",
        output_field=TextField(),
    )
    return SearchHeadline(
        clean,
        search_query,
        config="english",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        **options,
    )


def _whole_word(variant: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s-]+", variant.lower()) if w]
    return r"(^|[^\w-])" + r"[\s-]+".join(words) + r"([^\w-]|$)"


def search_entries(*, query: str) -> QuerySet[SearchEntry]:
    """Public entries matching ``query``, best first, with matches marked.

    The field's acronyms and variants (``portal/site/synonyms.txt``) widen the
    search: "ASB" also finds "anti-social behaviour". PostgreSQL ranks by the
    weighted full-text vector (websearch syntax, English stemming) and gives
    each entry ``title_marked`` and ``summary_marked``, the text with matched
    words between marks (``search_terms.highlight_markup`` turns them into
    HTML). The SQLite quickstart falls back to a case-insensitive match of
    every word (variants as whole words), unmarked.
    """
    entries = SearchEntry.objects.filter(partnership__is_published=True).select_related(
        "partnership"
    )
    terms = search_terms(query)
    if connection.vendor == "postgresql":
        search_query = _text_query(terms)
        if search_query is None:
            return entries.none()
        return (
            entries.filter(document=search_query)
            .annotate(
                rank=SearchRank(F("document"), search_query),
                title_marked=_marked("title", search_query, highlight_all=True),
                summary_marked=_marked("summary", search_query, highlight_all=True),
            )
            .order_by("-rank", "title", "id")
        )
    text = Q()
    for group in terms.groups:
        any_variant = Q()
        for variant in group:
            pattern = _whole_word(variant)
            any_variant |= (
                Q(title__iregex=pattern)
                | Q(summary__iregex=pattern)
                | Q(body__iregex=pattern)
            )
        text &= any_variant
    for word in terms.rest.replace('"', " ").split():
        text &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
        )
    return (
        entries.filter(text)
        .annotate(title_marked=F("title"), summary_marked=F("summary"))
        .order_by("title", "id")
    )


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


_PUBLISHED_DATES = ("plan_date", "section_date", "priority_date")


def plans_with_last_published(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """``plans`` with what ``plan_last_published`` reads, in the same query:
    the newest change residents saw of each plan, of its sections and of its
    priorities, from the change history (draft saves change nothing residents
    see)."""
    public = ~Q(history_change_reason=CHANGE_DRAFT_SAVED)

    def latest(history):
        return Subquery(
            history.filter(public).order_by("-history_date").values("history_date")[:1]
        )

    plan = OuterRef("pk")
    return plans.annotate(
        plan_date=latest(history_records(Plan).filter(id=plan)),
        section_date=latest(history_records(PlanSection).filter(plan_id=plan)),
        priority_date=latest(history_records(Priority).filter(plan_id=plan)),
    )


def plan_last_published(*, plan: Plan):
    """When residents last saw the plan, its sections or priorities change.

    Read from the annotations of ``plans_with_last_published`` where the plan
    came with them, else in one query; falls back to the plan's own timestamp.
    """
    if hasattr(plan, _PUBLISHED_DATES[0]):
        dates = tuple(getattr(plan, name) for name in _PUBLISHED_DATES)
    else:
        dates = (
            plans_with_last_published(Plan.objects.filter(pk=plan.pk))
            .values_list(*_PUBLISHED_DATES)
            .first()
        ) or ()
    return max((d for d in dates if d), default=plan.updated_at)

"""Equality monitoring answers, stored so that nothing links them to a response.

Writing an equality answer in the same transaction as its response links the
two for anyone who can read the database: both rows carry that transaction's
id (``xmin``), sit next to each other on disk (``ctid``), take consecutive ids
and, with timestamps, the same second. So the answers take a detour:

1. ``equality_hold`` runs once the response has been stored, and adds the
   answers to an unordered set in Redis (the broker's, CELERY_BROKER_URL,
   which is persistent and never evicts; not the cache's): a set keeps no
   order and no time, and the member carries a random nonce only so that
   identical answers stay distinct.
2. ``equality_answers_flush`` (a beat job every ten minutes) moves a
   consultation's held answers into ``EqualityAnswer`` once at least
   ``EQUALITY_BATCH_MIN`` are waiting (or the consultation has closed): it
   pops them in random order and inserts them, shuffled, in one transaction
   of its own. Every row of a batch has the same ``xmin``, none has a
   timestamp, and their ids and places on disk follow the shuffle.

What remains is what aggregate reporting shows anyway: that a batch came from
the people who responded between two flushes (at least ``EQUALITY_BATCH_MIN``
of them). Reports are totals with groups under 10 suppressed
(``engagement.selectors.equality_summary``). If Redis is away when a response
arrives, its equality answers are not kept (the response is): monitoring data
is optional, and keeping it linkable would be worse. Without a Redis broker (the
SQLite quickstart) answers are stored at once.
"""

import json
import logging
import random
import secrets

import redis
from django.conf import settings
from django.db import DatabaseError, transaction

from engagement.models import Consultation, EqualityAnswer

logger = logging.getLogger(__name__)

KEY_PREFIX = "engagement:equality:held:"


def _broker_redis_url() -> str:
    """The broker's Redis (noeviction, persistent), never the cache's (LRU)."""
    url = settings.CELERY_BROKER_URL or ""
    return url if url.startswith(("redis://", "rediss://")) else ""


def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        _broker_redis_url(), socket_timeout=1, socket_connect_timeout=1
    )


def _key(consultation_id: int) -> str:
    return f"{KEY_PREFIX}{consultation_id}"


def equality_hold(*, consultation_id: int, values: dict) -> bool:
    """Hold one person's equality answers until the next batch; True if held."""
    if not values:
        return False
    if not _broker_redis_url():
        EqualityAnswer.objects.create(consultation_id=consultation_id, **values)
        return True
    member = json.dumps({**values, "nonce": secrets.token_hex(8)}, sort_keys=True)
    try:
        _redis().sadd(_key(consultation_id), member)
    except redis.RedisError:
        logger.warning(
            "equality_answers_not_kept consultation_id=%s",
            consultation_id,
            extra={"event": "equality_answers_not_kept"},
        )
        return False
    return True


def equality_answers_flush(*, minimum: int | None = None) -> int:
    """Move held answers into the table in shuffled batches; return how many."""
    if not _broker_redis_url():
        return 0
    minimum = settings.EQUALITY_BATCH_MIN if minimum is None else minimum
    client = _redis()
    moved = 0
    for key in client.scan_iter(match=f"{KEY_PREFIX}*", count=100):
        consultation_id = int(key.decode().rpartition(":")[2])
        consultation = Consultation.objects.filter(pk=consultation_id).first()
        if consultation is None:
            client.delete(key)
            continue
        waiting = client.scard(key)
        closed = not consultation.is_accepting_responses()
        if waiting == 0 or (waiting < minimum and not closed):
            continue
        members = client.spop(key, waiting) or []
        rows = []
        for member in members:
            values = json.loads(member)
            values.pop("nonce", None)
            rows.append(
                EqualityAnswer(
                    consultation_id=consultation_id,
                    **{k: v for k, v in values.items() if k in EqualityAnswer.FIELDS},
                )
            )
        random.shuffle(rows)
        try:
            with transaction.atomic():
                EqualityAnswer.objects.bulk_create(rows)
        except DatabaseError:
            client.sadd(key, *members)  # back in the set for the next run
            raise
        moved += len(rows)
    return moved

"""No column, system column, ordering or timing links an equality answer to
the response it came with: each person below gives a unique combination of
equality answers, and every way of joining the two tables is tried."""

import itertools

import pytest
from django.db import connection, models

from engagement import services
from engagement.equality import equality_answers_flush
from engagement.models import EqualityAnswer, Response
from tests.engagement.conftest import answers_for, build_open_consultation

PEOPLE = 40
FIELDS = EqualityAnswer.FIELDS


def combinations():
    """A different set of equality answers for each person."""
    values = [
        [v for v, _ in EqualityAnswer._meta.get_field(name).choices] for name in FIELDS
    ]
    return [dict(zip(FIELDS, c, strict=True)) for c in itertools.product(*values)]


@pytest.fixture
def responses(transactional_db, settings):
    """40 people respond, each on their own (committed) transaction; the batch
    job runs every 10 responses, as the beat job would between them."""
    settings.EQUALITY_BATCH_MIN = 10
    consultation = build_open_consultation(equality=True)
    given = {}
    for n, equality in enumerate(combinations()[:: 432 // PEOPLE][:PEOPLE]):
        response, _ = services.response_submit(
            consultation=consultation,
            data=answers_for(consultation),
            idempotency_key=f"person-{n}",
            equality=equality,
        )
        given[response.pk] = tuple(equality[f] for f in FIELDS)
        if n % 10 == 9:
            equality_answers_flush()
    assert EqualityAnswer.objects.count() == PEOPLE
    return consultation, given


def answer_of(row) -> tuple:
    return tuple(row[f] for f in FIELDS)


def query(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


# At random, pairing 40 responses with 40 answers in ten-person batches gets
# about 4 right (one per batch). Writing them together got all 40 right.
CHANCE = 10


def correct_pairs(pairs, given) -> int:
    return sum(1 for response_id, answer in pairs if given[response_id] == answer)


def test_no_join_links_an_answer_to_its_response(responses):
    """xmin, ctid order, id order and timestamps: none does better than chance."""
    consultation, given = responses
    response_table = Response._meta.db_table
    answer_table = EqualityAnswer._meta.db_table
    columns = ", ".join(f"e.{f}" for f in FIELDS)

    # The same transaction.
    same_xmin = query(
        f"SELECT r.id, {columns} FROM {response_table} r "  # noqa: S608
        f"JOIN {answer_table} e ON e.xmin::text = r.xmin::text"
    )
    assert same_xmin == []

    def by_order(response_order, answer_order):
        responses_in_order = [
            row[0]
            for row in query(
                f"SELECT id FROM {response_table} "  # noqa: S608
                f"WHERE consultation_id = {consultation.pk} ORDER BY {response_order}"
            )
        ]
        answers_in_order = [
            tuple(row)
            for row in query(
                f"SELECT {', '.join(FIELDS)} FROM {answer_table} "  # noqa: S608
                f"WHERE consultation_id = {consultation.pk} ORDER BY {answer_order}"
            )
        ]
        return correct_pairs(
            zip(responses_in_order, answers_in_order, strict=True), given
        )

    results = {
        "id order": by_order("id", "id"),
        "place on disk (ctid)": by_order("ctid", "ctid"),
        "transaction order (xmin)": by_order(
            "xmin::text::bigint, id", "xmin::text::bigint, id"
        ),
        "submission time": by_order("submitted_at, id", "id"),
    }
    print(f"equality answers linked by order: {results} of {PEOPLE}")
    assert all(n <= CHANCE for n in results.values()), results

    # No timestamp or other column to join on.
    assert not any(
        isinstance(field, models.DateTimeField | models.DateField | models.ForeignKey)
        and field.name != "consultation"
        for field in EqualityAnswer._meta.get_fields()
    )


def test_answers_wait_for_a_batch_and_are_never_lost(transactional_db, settings):
    """Fewer than the batch size wait (held, not stored); once the consultation
    closes, the rest are stored too."""
    settings.EQUALITY_BATCH_MIN = 10
    consultation = build_open_consultation(equality=True)
    for n in range(3):
        services.response_submit(
            consultation=consultation,
            data=answers_for(consultation),
            idempotency_key=f"few-{n}",
            equality={"sex": "female"},
        )
    assert equality_answers_flush() == 0
    assert EqualityAnswer.objects.count() == 0
    services.consultation_close_now(consultation=consultation, actor=None)
    assert equality_answers_flush() == 3
    assert EqualityAnswer.objects.filter(sex="female").count() == 3


def test_held_answers_live_in_the_broker_not_the_evictable_cache(
    transactional_db, settings
):
    """The cache (REDIS_URL, allkeys-lru in production) may drop anything at
    any moment; the held answers are in the broker's Redis (noeviction), so
    emptying the cache loses none of them."""
    import redis
    from django.core.cache import cache

    from engagement.equality import KEY_PREFIX

    assert settings.CELERY_BROKER_URL != settings.REDIS_URL
    settings.EQUALITY_BATCH_MIN = 2
    consultation = build_open_consultation(equality=True)
    for n in range(2):
        services.response_submit(
            consultation=consultation,
            data=answers_for(consultation),
            idempotency_key=f"held-{n}",
            equality={"sex": "male"},
        )
    key = f"{KEY_PREFIX}{consultation.pk}"
    assert redis.Redis.from_url(settings.CELERY_BROKER_URL).scard(key) == 2
    assert not redis.Redis.from_url(settings.REDIS_URL).exists(key)
    cache.clear()  # as if the cache had evicted everything
    assert equality_answers_flush() == 2
    assert EqualityAnswer.objects.filter(sex="male").count() == 2

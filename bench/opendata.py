"""`make bench-opendata`: the open data API under load, and one alert to 20,000.

1. A fresh ``portal_bench_opendata`` database with the demo partnerships, 500
   more priorities (with objectives, evidence, indicators and actions) and the
   demo's police.uk months; gunicorn with the production settings.
2. The bare Django view, then ``/api/v1/priorities/?page_size=50`` from 20
   keep-alive clients for ``BENCH_SECONDS``: once at one address (answered from
   the API cache) and once at a new address every time (rendered). The target:
   the cached list at least half the bare view's requests per second.
3. One publication to 20,000 confirmed subscribers: how long the fan-out takes
   to make the deliveries and queue the batches (target: under 10 seconds),
   then a real Celery worker (prefork, ``BENCH_ALERT_WORKERS`` processes) sends
   them through a counting mail backend (bench/fakes.py); every address must
   be counted exactly once. Prints the send rate.

Writes bench-results/opendata.json. Like ``make bench``, the load generator
shares the machine, so the API figures are ratios against the bare view
measured in the same run.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("BENCH_PORT", "8791")
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench_opendata")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "20000"))
ALERT_WORKERS = int(os.environ.get("BENCH_ALERT_WORKERS", "2"))
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "REDIS_URL": REDIS_URL,
    "BENCH_EMAIL_BACKEND": "bench.fakes.CountingEmailBackend",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

from bench.run import CLIENTS, HOST, PORT, WORKERS, Client, load  # noqa: E402


def shell(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, cwd=ROOT, **kwargs)  # noqa: S603


def fresh_database():
    for sql in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        shell("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql)
    shell(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
    shell(sys.executable, "manage.py", "collectstatic", "--noinput", "-v0")
    shell(sys.executable, "manage.py", "load_demo", "-v0")
    redis_db = REDIS_URL.rsplit("/", 1)[-1]
    shell("redis-cli", "-n", redis_db, "FLUSHDB", stdout=subprocess.DEVNULL)


def more_priorities(count=500):
    from plans.models import Plan
    from priorities.models import Action, Evidence, Indicator, Objective, Priority

    plan = Plan.objects.public().filter(priorities__isnull=False).first()
    priorities = Priority.objects.bulk_create(
        Priority(
            plan=plan,
            title=f"Benchmark priority {n}",
            slug=f"benchmark-priority-{n}",
            summary="A priority made by the benchmark, to make the list long.",
            description="Made by the benchmark. " * 10,
            order=100 + n,
            is_published=True,
        )
        for n in range(count)
    )
    Objective.objects.bulk_create(
        Objective(priority=p, text=f"Objective {k}") for p in priorities for k in (1, 2)
    )
    Evidence.objects.bulk_create(Evidence(priority=p, kind="data") for p in priorities)
    Indicator.objects.bulk_create(
        Indicator(priority=p, name="Burglary", period="2024") for p in priorities
    )
    Action.objects.bulk_create(
        Action(priority=p, title="Patrol", is_published=True) for p in priorities
    )


def measure_api() -> dict:
    pages = {
        "bare view": "/bench/bare/",
        "api priorities (50 a page)": "/api/v1/priorities/?page_size=50",
        "api crime counts (50 a page)": "/api/v1/crime-counts/?page_size=50",
    }
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application",
         "--bind", f"{HOST}:{PORT}", "--workers", str(WORKERS),
         "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=ENV,
    )  # fmt: skip
    results = {}
    try:
        for _ in range(100):
            try:
                if Client().request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        for name, path in pages.items():
            load(lambda n, path=path: path, seconds=1)  # warm up
            cached = load(lambda n, path=path: path)
            uncached = load(lambda n, path=path: f"{path}&n={n}")
            results[name] = {"cached": cached, "uncached": uncached}
            print(f"  measured {name}", flush=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return results


def fan_out() -> dict:
    import redis
    from django.conf import settings
    from django.utils import timezone

    from bench.fakes import COUNTS_KEY
    from opendata.alerts import services
    from opendata.models import Delivery, Event, Subscriber
    from partnerships.models import Partnership
    from portal.celery import app as celery_app

    partnership = Partnership.objects.get(slug="safer-kingston")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                partnership=partnership,
                email=f"resident{n:05d}@bench.example",
                token=f"bench-token-{n:05d}",
                consultations=True,
                publications=True,
                confirmed_at=now,
            )
            for n in range(SUBSCRIBERS)
        ),
        batch_size=5000,
    )
    plan = partnership.plans.filter(status="published").first()
    event = Event.objects.create(
        kind=Event.Kind.PLAN_PUBLISHED,
        partnership=partnership,
        object_id=plan.pk,
        key="bench",
        title=plan.title,
        summary=plan.summary,
        path=plan.get_absolute_url(),
        occurred_at=now,
    )
    counts = redis.Redis.from_url(settings.REDIS_URL)
    counts.delete(COUNTS_KEY)
    celery_app.control.purge()
    started = time.perf_counter()
    made = services.event_fan_out(event_id=event.pk)  # makes rows, queues batches
    queued_seconds = time.perf_counter() - started
    batches = -(-made // settings.ALERTS_BATCH_SIZE)
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
         f"--concurrency={ALERT_WORKERS}", "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    started = time.perf_counter()
    try:
        while Delivery.objects.filter(event=event, status="pending").exists():
            if time.perf_counter() - started > 1800:
                raise RuntimeError("the alerts were not all sent in 30 minutes")
            time.sleep(0.5)
        send_seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    per_address = [int(v) for v in counts.hvals(COUNTS_KEY)]
    return {
        "subscribers": SUBSCRIBERS,
        "deliveries_made": made,
        "batches_queued": batches,
        "queue_seconds": round(queued_seconds, 2),
        "send_seconds": round(send_seconds, 1),
        "emails_per_second": round(made / send_seconds, 1),
        "worker_processes": ALERT_WORKERS,
        "addresses_counted": len(per_address),
        "duplicates": sum(1 for v in per_address if v > 1),
        "lost": SUBSCRIBERS - len(per_address),
        "sent_rows": Delivery.objects.filter(event=event, status="sent").count(),
    }


def report(results: dict) -> None:
    pages = results["api"]
    bare = pages["bare view"]["cached"]["rps"]
    lines = [
        "",
        f"{'address':<30}{'cached rps':>11}{'x bare':>8}{'p50':>8}{'p95':>8}"
        f"{'hits':>7}{'uncached rps':>14}{'p50':>8}{'p95':>8}",
    ]
    for name, measured in pages.items():
        c, u = measured["cached"], measured["uncached"]
        lines.append(
            f"{name:<30}{c['rps']:>11}{c['rps'] / bare:>8.2f}{c['p50_ms']:>8}"
            f"{c['p95_ms']:>8}{c['cache_hits']:>7}{u['rps']:>14}{u['p50_ms']:>8}"
            f"{u['p95_ms']:>8}"
        )
    f = results["fan_out"]
    lines += [
        "",
        f"fan-out: {f['deliveries_made']} deliveries made and {f['batches_queued']} "
        f"batches queued in {f['queue_seconds']} s",
        f"sent: {f['sent_rows']} in {f['send_seconds']} s by {f['worker_processes']} "
        f"worker processes = {f['emails_per_second']} emails/s; "
        f"{f['addresses_counted']} addresses counted, {f['duplicates']} duplicates, "
        f"{f['lost']} lost",
        "latencies in ms; x bare = cached rps / bare view rps",
    ]
    print("\n".join(lines))
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "opendata.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwrote {out / 'opendata.json'}")


def main():
    print(f"Building the data set (fresh database {DATABASE})...", flush=True)
    fresh_database()
    import django

    django.setup()
    more_priorities()
    results = {
        "settings": {"clients": CLIENTS, "gunicorn_workers": WORKERS},
        "api": measure_api(),
    }
    print(f"Fanning out one publication to {SUBSCRIBERS} subscribers...", flush=True)
    results["fan_out"] = fan_out()
    report(results)


if __name__ == "__main__":
    main()

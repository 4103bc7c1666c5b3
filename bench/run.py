"""`make bench`: the portal under load, against a bare Django view, in one run.

Builds a fresh database with the scaled-up data set (or, with BENCH_REUSE=1,
reuses one), times each public page in process (uncached, with its query
count), starts gunicorn with the production settings on PostgreSQL and Redis,
and drives each page with wrk (bench/load.lua): from the page cache, and
uncached, every request at an address never asked before, its cache hits
counted. The bare view is measured after every page and each page is set
against its neighbouring bare runs, because this machine is shared and its
speed drifts. Then consultation submissions: 50 clients under wrk for 10
seconds, each a form GET then a POST (bench/submit.lua), checked one by one
against the database; the police.uk import (first load and reload) against
PostgreSQL's own COPY, and load_postcodes on a national-size Code-Point Open
file against COPY (bench/postcodes.py). Prints a table and issue #17's
targets, met or not, and writes bench-results/bench.json.
"""

import csv
import hashlib
import http.client
import io
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.markdown_cases import LIMIT_MS as MARKDOWN_LIMIT_MS  # noqa: E402
from bench.markdown_cases import markdown_times  # noqa: E402
from bench.postcodes import postcode_load_rate  # noqa: E402
from bench.postcodes import report as postcodes_report  # noqa: E402

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
# gunicorn.conf.py's default (4 processes of 4 threads), unless BENCH_WORKERS.
WORKERS = int(os.environ.get("BENCH_WORKERS", os.environ.get("GUNICORN_WORKERS", "4")))
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench")
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}


def shell(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, cwd=ROOT, **kwargs)  # noqa: S603


def fresh_database():
    for sql in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        shell("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql)
    shell(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
    shell(sys.executable, "manage.py", "collectstatic", "--noinput", "-v0")
    for database in ("7", "8"):  # the cache and the broker (portal/settings/bench.py)
        shell("redis-cli", "-n", database, "FLUSHDB", stdout=subprocess.DEVNULL)


class Client:
    """One keep-alive HTTP connection, as a browser would hold."""

    def __init__(self):
        self.connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, dict(response.getheaders()), data


WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "4"))
WRK_RUNS = int(os.environ.get("BENCH_WRK_RUNS", "2"))
LUA = ROOT / "bench" / "load.lua"
RUN_NONCE = secrets.token_hex(4)


def wrk(path, *, uncached=False, seconds=WRK_SECONDS, runs=WRK_RUNS, clients=CLIENTS):
    """``path`` under wrk (compiled, 2 threads, ``clients`` connections):
    the best of ``runs`` runs of ``seconds`` each, with its latency
    percentiles and the cache hits and misses it counted (bench/load.lua)."""
    best = None
    for run in range(runs):
        nonce = f"{RUN_NONCE}-{run}-{time.monotonic_ns()}"
        done = subprocess.run(  # noqa: S603
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",  # noqa: S607
             "-s", str(LUA), f"http://{HOST}:{PORT}{path}", "--",
             "uncached" if uncached else "cached", nonce],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
        measured = json.loads(line[len("BENCH ") :])
        rps = measured["requests"] / (measured["duration_us"] / 1e6)
        result = {
            "requests": measured["requests"],
            "rps": round(rps, 1),
            "p50_ms": round(measured["p50_us"] / 1000, 1),
            "p95_ms": round(measured["p95_us"] / 1000, 1),
            "p99_ms": round(measured["p99_us"] / 1000, 1),
            "errors": measured["non_200"] + measured["socket_errors"],
            "cache_hits": measured["hits"],
            "cache_misses": measured["misses"],
        }
        if best is None or result["rps"] > best["rps"]:
            best = result
    return best


def _backend_cpu_seconds(pid) -> float | None:
    """CPU time (user and system) a PostgreSQL backend on this machine has used,
    from /proc; None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def in_process(path, repeat=30):
    """The page's time in this process (the Django test client, no network),
    uncached: the median of ``repeat`` requests after three to warm up, its
    query count, and the CPU time PostgreSQL spent on each, on average (its
    backend's clock ticks over the ``repeat`` requests: coarse, 10 ms a tick
    here, so read it to the nearest half millisecond)."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_HOST="127.0.0.1")
    sep = "&" if "?" in path else "?"
    timings, queries = [], 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    for n in range(repeat + 3):
        if n == 3:
            db_started = _backend_cpu_seconds(backend)
        address = f"{path}{sep}bench=inprocess-{RUN_NONCE}-{n}"
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{address} answered {response.status_code}")
        if n >= 3:
            timings.append(elapsed)
            queries = len(captured.captured_queries)
    db_ended = _backend_cpu_seconds(backend)
    db_ms = None
    if db_started is not None and db_ended is not None:
        db_ms = round(1000 * (db_ended - db_started) / repeat, 1)
    median = round(1000 * statistics.median(timings), 2)
    return {"median_ms": median, "queries": queries, "postgres_cpu_ms": db_ms}


SUBMIT_SECONDS = int(os.environ.get("BENCH_SUBMIT_SECONDS", "10"))
SUBMIT_CLIENTS = 50
SUBMIT_LUA = ROOT / "bench" / "submit.lua"


def submissions(consultation, seconds=SUBMIT_SECONDS, clients=SUBMIT_CLIENTS):
    """Residents answering the consultation for ``seconds`` under wrk: each of
    ``clients`` threads sends one resident after another, each on a new
    connection, to GET the form and POST it (bench/submit.lua). Then the
    database is asked about every response wrk saw accepted: each must be
    stored (0 lost), and once (0 duplicated); nothing else may have been
    stored but the POSTs still unanswered when wrk stopped."""
    from engagement.services import field_name

    path = consultation.get_absolute_url()
    answers = {}
    for question in consultation.questions.prefetch_related("choices"):
        choice = question.choices.first()
        answers[field_name(question)] = str(choice.pk) if choice else "Fine."
    responses = consultation.responses
    before = responses.count()
    url = f"http://{HOST}:{PORT}{path}"
    done = subprocess.run(  # noqa: S603
        ["wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",  # noqa: S607
         "-s", str(SUBMIT_LUA), url, "--", urllib.parse.urlencode(answers), url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("SUBMIT "))
    measured = json.loads(line[len("SUBMIT ") :])
    # A POST cut off when wrk stopped may still be running in gunicorn: wait
    # until the count holds still before counting what was added.
    added = responses.count() - before
    for _ in range(30):
        time.sleep(0.5)
        now = responses.count() - before
        if now == added:
            break
        added = now
    keys, pending = measured["keys"], measured["pending"]
    stored = (
        responses.filter(idempotency_key__in=keys)
        .values("idempotency_key")
        .distinct()
        .count()
    )
    pending_stored = responses.filter(idempotency_key__in=pending).count()
    distinct = responses.values("idempotency_key").distinct().count()
    latencies = sorted(measured["post_latencies_us"]) or [0]

    def percentile(share):
        return round(latencies[int(share * (len(latencies) - 1))] / 1000, 1)

    return {
        "clients": clients,
        "seconds": round(measured["duration_us"] / 1e6, 2),
        # POSTs answered with a redirect to the reference: each a submission.
        "submitted": len(keys),
        # Of those, stored (by idempotency key); submitted - stored were lost.
        "stored": stored,
        # A key wrk was given twice, or a key stored twice.
        "duplicates": len(keys) - len(set(keys)) + responses.count() - distinct,
        # POSTs unanswered when wrk stopped, and how many of them were stored.
        "in_flight": len(pending),
        "in_flight_stored": pending_stored,
        # Responses added that are neither a submission nor in flight.
        "unexplained": added - stored - pending_stored,
        "failed": measured["get_failed"]
        + measured["post_failed"]
        + measured["socket_errors"],
        "failures": measured["failures"],  # by request and status
        # POSTs sent again, with the same key, after their connection dropped.
        "resent": measured["resent"],
        "per_second": round(len(keys) / (measured["duration_us"] / 1e6), 1),
        # Each POST, from wrk building it to its whole response.
        "post_p50_ms": percentile(0.50),
        "post_p95_ms": percentile(0.95),
        # wrk's own latency figure: GETs and POSTs together.
        "request_p95_ms": round(measured["p95_us"] / 1000, 1),
    }


# The 14 police.uk crime types, with roughly a Met month's shares (per 1,000).
POLICE_UK_TYPES = {
    "Violence and sexual offences": 225,
    "Anti-social behaviour": 180,
    "Other theft": 110,
    "Vehicle crime": 95,
    "Theft from the person": 80,
    "Burglary": 60,
    "Public order": 55,
    "Criminal damage and arson": 45,
    "Shoplifting": 45,
    "Drugs": 35,
    "Robbery": 30,
    "Bicycle theft": 20,
    "Other crime": 12,
    "Possession of weapons": 8,
}
IMPORT_ROWS = 90_000


def police_uk_month(rows=IMPORT_ROWS, month="2019-06") -> bytes:
    """A full Met month in police.uk's format: all 14 crime types, in the
    shares of a real month, at the real LSOAs, coordinates and street names of
    ../shared's January 2023 Met file; anti-social behaviour has no Crime ID
    (its identity is a hash of the row) and some rows have no location."""
    import random

    shared = ROOT.parent / "shared" / "data" / "police-uk" / "street"
    source = shared / "2023-01-metropolitan-street.BURGLARY-ONLY.csv"
    rows_in = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    header, places = rows_in[0], [r for r in rows_in[1:] if r[7]]
    types = [t for t, share in POLICE_UK_TYPES.items() for _ in range(share)]
    outcomes = [
        "Investigation complete; no suspect identified",
        "Unable to prosecute suspect",
        "Under investigation",
        "Status update unavailable",
        "Awaiting court outcome",
    ]
    pick = random.Random(2019)  # noqa: S311 - a repeatable data set
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for n in range(rows):
        place = places[n % len(places)]
        crime_type = types[n % len(types)]
        asb = crime_type == "Anti-social behaviour"
        crime_id = "" if asb else hashlib.sha256(f"bench{n}".encode()).hexdigest()
        located = n % 50 != 0  # 2% without a location, as in the real files
        writer.writerow([
            crime_id, month, "Metropolitan Police Service",
            "Metropolitan Police Service",
            place[4] if located else "", place[5] if located else "",
            place[6] if located else "No location",
            place[7] if located else "", place[8] if located else "",
            crime_type, "" if asb else pick.choice(outcomes), "",
        ])  # fmt: skip
    return out.getvalue().encode()


def import_rate(rows=IMPORT_ROWS, repeats=1):
    """A full month through the import service, twice, and through plain COPY.

    With ``repeats``, each round imports a new month (2019-06, 2019-07...) and
    the best time of each measure is kept: this machine is shared and noisy.
    """
    from django.db import connection

    from priorities.crime.services import crime_file_import
    from priorities.models import CrimeRecord, MonthlyCrimeCount

    best = {"first": float("inf"), "reload": float("inf"), "copy": float("inf")}
    for round_ in range(repeats):
        month = f"2019-{6 + round_:02d}" if round_ < 7 else f"2020-{round_ - 6:02d}"
        # The data set's months are 2023 to 2025; a run on a reused data set
        # (BENCH_REUSE=1) finds the month an earlier run imported, and would
        # load nothing. In SQL: the ORM would fetch every row to delete it.
        with connection.cursor() as cursor:
            for model in (CrimeRecord, MonthlyCrimeCount):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} WHERE month = %s",  # noqa: S608
                    [f"{month}-01"],
                )
        raw = police_uk_month(rows, month)
        header = raw[: raw.index(b"\n")].decode().split(",")
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(
                "CREATE TABLE bench_copy ("
                + ", ".join(f'"{h}" text' for h in header)
                + ")"
            )
            started = time.perf_counter()
            with cursor.copy(
                "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as c:
                c.write(raw)
            best["copy"] = min(best["copy"], time.perf_counter() - started)
            cursor.execute("DROP TABLE bench_copy")
        started = time.perf_counter()
        first = crime_file_import(raw=raw, file_name=f"bench-{month}.csv")
        best["first"] = min(best["first"], time.perf_counter() - started)
        started = time.perf_counter()
        again = crime_file_import(raw=raw, file_name=f"bench-{month}.csv")
        best["reload"] = min(best["reload"], time.perf_counter() - started)
        if first.status != "done" or again.status != "done":
            raise RuntimeError(f"import failed: {first.error or again.error}")
        if (first.rows_loaded, again.rows_loaded) != (rows, 0):
            raise RuntimeError(
                f"loaded {first.rows_loaded}, then {again.rows_loaded}: not {rows}, 0"
            )
    copy_rate = rows / best["copy"]
    return {
        "rows": rows,
        "rounds": repeats,
        "rows_loaded": first.rows_loaded,
        "reload_rows_loaded": again.rows_loaded,
        "service_rows_per_second": round(rows / best["first"]),
        "reload_rows_per_second": round(rows / best["reload"]),
        "copy_rows_per_second": round(copy_rate),
        "service_seconds": round(best["first"], 2),
        "reload_seconds": round(best["reload"], 2),
        "copy_seconds": round(best["copy"], 2),
        "service_vs_copy": round(best["copy"] / best["first"], 2),
        "reload_vs_copy": round(best["copy"] / best["reload"], 2),
    }


def database_ready() -> bool:
    """True when BENCH_REUSE=1 and the bench database holds a built data set."""
    if os.environ.get("BENCH_REUSE") != "1":
        return False
    found = subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-tAc",  # noqa: S607
         "SELECT 1 FROM partnerships_partnership WHERE slug = 'bench-kingston'"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return found.stdout.strip() == "1"


def main():
    reuse = database_ready()
    if not reuse:
        print(f"Building the data set (fresh database {DATABASE})...", flush=True)
        fresh_database()
    else:
        print(f"Reusing the data set in {DATABASE} (BENCH_REUSE=1)", flush=True)
        shell(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
        for database in ("7", "8"):
            shell("redis-cli", "-n", database, "FLUSHDB", stdout=subprocess.DEVNULL)
    os.environ.update(ENV)
    import django

    django.setup()
    from bench import dataset

    built = dataset.existing() if reuse else dataset.build()
    partnership, consultation = built["partnership"], built["consultation"]
    plan = partnership.plans.get()
    priority = plan.priorities.order_by("order").first()
    pages = {
        "bare view": "/bench/bare/",
        "home": "/",
        "partnership": partnership.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "priority": priority.get_absolute_url(),
        "consultation list": "/consultations/",
        "meeting list": f"/partnerships/{partnership.slug}/meetings/",
        "statistics": f"/partnerships/{partnership.slug}/crime/",
        "ward page": built["ward"].get_absolute_url(),
        "borough map": built["borough"].get_absolute_url(),
        "api priorities": "/api/v1/priorities/?page_size=50",
    }
    results = {
        "settings": {"wrk_seconds": WRK_SECONDS, "wrk_runs": WRK_RUNS,
                     "clients": CLIENTS, "gunicorn_workers": WORKERS,
                     "crime_rows": dataset_crime_rows()},
        "pages": {},
    }  # fmt: skip
    print("  timing each page in process", flush=True)
    for name, path in pages.items():
        results["pages"][name] = {"in_process": in_process(path)}
    # The same gunicorn.conf.py as the Docker image; only the address, the
    # log level and (with BENCH_WORKERS) the process count differ.
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env={**ENV, "GUNICORN_BIND": f"{HOST}:{PORT}", "GUNICORN_WORKERS": str(WORKERS),
             "GUNICORN_LOG_LEVEL": "warning"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if Client().request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        bare_runs = []
        for name, path in pages.items():
            wrk(path, seconds=1, runs=1)  # warm up (and fill the cache)
            results["pages"][name]["cached"] = wrk(path)
            results["pages"][name]["uncached"] = wrk(path, uncached=True)
            # The bare view again after every page: this machine is shared and
            # its speed drifts during a run, so each page is set against the
            # bare view measured just before and just after it.
            bare_runs.append(wrk(pages["bare view"], runs=1)["rps"])
            before = bare_runs[-2] if len(bare_runs) > 1 else bare_runs[-1]
            results["pages"][name]["bare_rps"] = round((before + bare_runs[-1]) / 2, 1)
            print(f"  measured {name}", flush=True)
        results["bare_view_rps"] = {"best": max(bare_runs), "runs": bare_runs}
        results["submissions"] = submissions(consultation)
        results["import"] = import_rate(
            repeats=int(os.environ.get("BENCH_IMPORT_REPEATS", "1"))
        )
        results["markdown"] = markdown_times()
        if os.environ.get("BENCH_POSTCODES", "1") == "1":
            print("  measuring load_postcodes (1.7 million rows)", flush=True)
            results["postcodes"] = postcode_load_rate(ENV)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    report(results)


def dataset_crime_rows() -> int:
    from bench import dataset

    return dataset.CRIME_ROWS


def targets(results) -> list[dict]:
    """Issue #17's targets, each with what was measured and whether it is met."""
    pages = results["pages"]
    found = []

    def x(page, kind):
        return page[kind]["rps"] / page["bare_rps"]

    def target(name, measured, met):
        found.append({"target": name, "measured": measured, "met": bool(met)})

    public = {k: v for k, v in pages.items() if k != "bare view"}
    worst = min(public.items(), key=lambda kv: x(kv[1], "uncached"))
    target("uncached >= 0.1x bare (every page)",
           f"worst {worst[0]} {x(worst[1], 'uncached'):.3f}x",
           all(x(p, "uncached") >= 0.1 for p in public.values()))  # fmt: skip
    hits = sum(p["uncached"]["cache_hits"] for p in public.values())
    target("uncached runs got 0 cache hits", f"{hits} hits", hits == 0)
    slowest = max(public.items(), key=lambda kv: kv[1]["uncached"]["p95_ms"])
    target("uncached p95 < 150 ms (every page)",
           f"worst {slowest[0]} {slowest[1]['uncached']['p95_ms']} ms",
           all(p["uncached"]["p95_ms"] < 150 for p in public.values()))  # fmt: skip
    heaviest = max(public.items(), key=lambda kv: kv[1]["in_process"]["median_ms"])
    target("in process <= 5 ms (every page)",
           f"worst {heaviest[0]} {heaviest[1]['in_process']['median_ms']} ms",
           all(p["in_process"]["median_ms"] <= 5 for p in public.values()))  # fmt: skip
    cached = min(public.items(), key=lambda kv: x(kv[1], "cached"))
    target("cached >= 0.6x bare (every page)",
           f"worst {cached[0]} {x(cached[1], 'cached'):.2f}x",
           all(x(p, "cached") >= 0.6 for p in public.values()))  # fmt: skip
    s = results["submissions"]
    target("submissions >= 200/s, 0 lost, 0 duplicated",
           f"{s['per_second']}/s, {s['submitted'] - s['stored']} lost, "
           f"{s['duplicates']} duplicated, {s['unexplained']} extra",
           s["per_second"] >= 200 and s["stored"] == s["submitted"]
           and s["duplicates"] == 0 and s["unexplained"] == 0)  # fmt: skip
    i = results["import"]
    first = i["service_rows_per_second"] / i["copy_rows_per_second"]
    again = i.get("reload_rows_per_second", 0) / i["copy_rows_per_second"]
    target("crime import >= 0.3x COPY (first load and reload)",
           f"{first:.2f}x and {again:.2f}x, reload added {i['reload_rows_loaded']}",
           first >= 0.3 and again >= 0.3 and i["reload_rows_loaded"] == 0)  # fmt: skip
    if "markdown" in results:
        m = results["markdown"]
        target(f"Markdown: every pathological text <= {MARKDOWN_LIMIT_MS} ms",
               f"worst {m['worst']} {m['worst_ms']} ms",
               m["worst_ms"] <= MARKDOWN_LIMIT_MS)  # fmt: skip
    return found


def _or_dash(value):
    return "-" if value is None else value


def report(results):
    pages = results["pages"]
    runs = results["bare_view_rps"]["runs"]
    lines = [
        "",
        f"bare view under wrk ({results['settings']['clients']} connections), "
        f"measured after each page: {', '.join(f'{r:.0f}' for r in runs)} requests/s;",
        "x bare: the page's rate over the mean of the bare runs just before and "
        "after it",
        "",
        f"{'page':<18}{'bare rps':>9}{'cached rps':>11}{'x bare':>7}{'p95':>7}"
        f"{'uncached rps':>13}{'x bare':>7}{'hits':>6}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'in-proc':>9}{'queries':>8}{'db cpu':>8}",
    ]
    for name, m in pages.items():
        c, u, i = m["cached"], m["uncached"], m["in_process"]
        bare = m["bare_rps"]
        lines.append(
            f"{name:<18}{bare:>9.0f}{c['rps']:>11}{c['rps'] / bare:>7.2f}"
            f"{c['p95_ms']:>7}{u['rps']:>13}{u['rps'] / bare:>7.3f}{u['cache_hits']:>6}"
            f"{u['p50_ms']:>7}{u['p95_ms']:>7}{u['p99_ms']:>7}"
            f"{i['median_ms']:>9}{i['queries']:>8}{_or_dash(i.get('postgres_cpu_ms')):>8}"
        )
    s = results["submissions"]
    lines += [
        "",
        f"submissions: {s['clients']} clients under wrk for {s['seconds']} s, each "
        f"a form GET then a POST: {s['submitted']} accepted, {s['stored']} of them "
        f"stored, {s['duplicates']} duplicates, {s['failed']} failed, "
        f"{s['in_flight']} cut off at the end ({s['in_flight_stored']} stored), "
        f"{s['unexplained']} unexplained; {s['per_second']}/s, POST p50 "
        f"{s['post_p50_ms']} ms, p95 {s['post_p95_ms']} ms (GET and POST p95 "
        f"{s['request_p95_ms']} ms)",
    ]
    i = results["import"]
    lines.append(
        f"import: {i['rows']} rows (14 crime types), first load "
        f"{i['service_rows_per_second']} rows/s ({i['service_seconds']} s, "
        f"{i['service_vs_copy']}x COPY), reload {i['reload_rows_per_second']} rows/s "
        f"({i['reload_seconds']} s, {i['reload_vs_copy']}x COPY, "
        f"{i['reload_rows_loaded']} added), plain COPY {i['copy_rows_per_second']} "
        f"rows/s ({i['copy_seconds']} s)"
    )
    if "markdown" in results:
        m = results["markdown"]
        lines.append(
            f"markdown: {len(m['shapes_ms'])} pathological texts, CPU best of 5, "
            f"worst {m['worst']} {m['worst_ms']} ms"
        )
    if "postcodes" in results:
        lines.append(postcodes_report(results["postcodes"]))
    lines.append(
        "latencies in ms; in-proc: median ms in process, uncached; db cpu: "
        "PostgreSQL's CPU ms a request, the mean of the same requests"
    )
    results["targets"] = targets(results)
    lines += ["", f"{'target':<52}{'measured':<44}met"]
    for t in results["targets"]:
        met = "yes" if t["met"] else "NO"
        lines.append(f"{t['target']:<52}{t['measured']:<44}{met}")
    print("\n".join(lines))
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    print(f"\nwrote {out / 'bench.json'}")


if __name__ == "__main__":
    main()

"""`make bench`: the portal under load, against a bare Django view, in one run.

Builds a fresh database with the scaled-up data set, starts gunicorn with the
production settings on PostgreSQL and Redis, and measures requests per second
and p50/p95 latency of the public pages (from the page cache, and uncached),
then 2,000 consultation submissions from 50 concurrent clients, then the
police.uk import rate against PostgreSQL's own COPY, and load_postcodes on a
national-size Code-Point Open file against COPY (bench/postcodes.py). Prints
a table and writes bench-results/bench.json. Numbers are ratios against the
bare view measured in the same run, because this machine is shared and noisy.
"""

import csv
import hashlib
import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.postcodes import postcode_load_rate  # noqa: E402
from bench.postcodes import report as postcodes_report  # noqa: E402

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
# gunicorn.conf.py's default (4 processes of 4 threads), unless BENCH_WORKERS.
WORKERS = int(os.environ.get("BENCH_WORKERS", os.environ.get("GUNICORN_WORKERS", "4")))
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench")
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


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


def load(path_for, seconds=SECONDS, clients=CLIENTS):
    """Hit ``path_for(n)`` from ``clients`` threads for ``seconds``."""
    latencies, statuses, hits = [], [], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker(k):
        client, n, mine = Client(), 0, []
        while time.monotonic() < stop:
            started = time.perf_counter()
            status, headers, _ = client.request("GET", path_for(k * 1_000_000 + n))
            mine.append((time.perf_counter() - started, status, headers.get("X-Cache")))
            n += 1
        with lock:
            for latency, status, cache in mine:
                latencies.append(latency)
                statuses.append(status)
                hits[0] += cache == "hit"

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "errors": sum(1 for s in statuses if s != 200),
        "cache_hits": hits[0],
    }


def submissions(consultation, total=2000, clients=50):
    """2,000 responses from 50 clients: GET the form, then POST it."""
    from engagement.services import field_name

    path = consultation.get_absolute_url()
    answers = {}
    for question in consultation.questions.prefetch_related("choices"):
        choice = question.choices.first()
        answers[field_name(question)] = str(choice.pk) if choice else "Fine."
    before = consultation.responses.count()
    failures = [0]

    def one(_):
        client = Client()
        status, _, page = client.request("GET", path)
        form = dict(HIDDEN.findall(page.decode()))
        body = urllib.parse.urlencode({**form, **answers})
        started = time.perf_counter()
        status, _, _ = client.request("POST", path, body=body)
        if status not in (302, 303):
            failures[0] += 1
        return time.perf_counter() - started

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        timings = sorted(pool.map(one, range(total)))
    elapsed = time.perf_counter() - began
    stored = consultation.responses.count() - before
    distinct = consultation.responses.values("idempotency_key").distinct().count()
    return {
        "submitted": total,
        "stored": stored,
        "duplicates": consultation.responses.count() - distinct,
        "failed": failures[0],
        "per_second": round(total / elapsed, 1),
        "post_p95_ms": round(1000 * timings[int(0.95 * (total - 1))], 1),
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

    best = {"first": float("inf"), "reload": float("inf"), "copy": float("inf")}
    for round_ in range(repeats):
        month = f"2019-{6 + round_:02d}" if round_ < 7 else f"2020-{round_ - 6:02d}"
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


def main():
    print(f"Building the data set (fresh database {DATABASE})...", flush=True)
    fresh_database()
    sys.path.insert(0, str(ROOT))
    os.environ.update(ENV)
    import django

    django.setup()
    from bench import dataset

    built = dataset.build()
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
        "statistics": f"/partnerships/{partnership.slug}/crime/",
        "ward page": built["ward"].get_absolute_url(),
        "borough map": built["borough"].get_absolute_url(),
        "api priorities": "/api/v1/priorities/?page_size=50",
    }
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
        results = {"pages": {}, "settings": {"seconds": SECONDS, "clients": CLIENTS,
                                            "gunicorn_workers": WORKERS}}  # fmt: skip
        for name, path in pages.items():
            load(lambda n, path=path: path, seconds=1)  # warm up
            cached = load(lambda n, path=path: path)
            sep = "&" if "?" in path else "?"
            uncached = load(lambda n, path=path, sep=sep: f"{path}{sep}n={n}")
            results["pages"][name] = {"cached": cached, "uncached": uncached}
            print(f"  measured {name}", flush=True)
        results["submissions"] = submissions(consultation)
        results["import"] = import_rate(
            repeats=int(os.environ.get("BENCH_IMPORT_REPEATS", "1"))
        )
        print("  measuring load_postcodes (1.7 million rows)", flush=True)
        results["postcodes"] = postcode_load_rate(ENV)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    report(results)


def report(results):
    bare = results["pages"]["bare view"]["cached"]["rps"]
    lines = [
        "",
        f"{'page':<20}{'cached rps':>11}{'x bare':>8}{'p50':>8}{'p95':>8}"
        f"{'hits':>7}{'uncached rps':>14}{'p50':>8}{'p95':>8}",
    ]
    for name, measured in results["pages"].items():
        c, u = measured["cached"], measured["uncached"]
        lines.append(
            f"{name:<20}{c['rps']:>11}{c['rps'] / bare:>8.2f}{c['p50_ms']:>8}"
            f"{c['p95_ms']:>8}{c['cache_hits']:>7}{u['rps']:>14}{u['p50_ms']:>8}"
            f"{u['p95_ms']:>8}"
        )
    s = results["submissions"]
    lines += [
        "",
        f"submissions: {s['submitted']} sent by 50 clients, {s['stored']} stored, "
        f"{s['duplicates']} duplicates, {s['failed']} failed, {s['per_second']}/s, "
        f"POST p95 {s['post_p95_ms']} ms",
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
    lines.append(postcodes_report(results["postcodes"]))
    lines.append("latencies in ms; x bare = cached rps / bare view rps")
    print("\n".join(lines))
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    print(f"\nwrote {out / 'bench.json'}")


if __name__ == "__main__":
    main()

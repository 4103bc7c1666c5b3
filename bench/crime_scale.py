"""The statistics page at two sizes of the crime table, in one run.

    BENCH_REUSE=1 make bench          # builds (or reuses) portal_bench
    .venv/bin/python bench/crime_scale.py 50000000

Measures one partnership's statistics page (in process, uncached: median of
30 requests and its queries; and under wrk, 20 connections, every request at
an address never asked before) at the crime table's present size, then adds
rows with the same generator as bench/dataset.py until it holds the given
number, rebuilds the monthly counts and measures again. Writes
bench-results/crime_scale.json. Run it after `make bench` (it grows
portal_bench; a later `make bench` without BENCH_REUSE builds it afresh).
"""

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
os.environ.setdefault("PORTAL_PAGE_CACHE_SECONDS", "600")


def measure(path: str) -> dict:
    from bench import run

    figures = {"in_process": run.in_process(path)}
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env={**os.environ, "GUNICORN_BIND": f"{run.HOST}:{run.PORT}",
             "GUNICORN_WORKERS": str(run.WORKERS), "GUNICORN_LOG_LEVEL": "warning"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if run.Client().request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        figures["bare_rps"] = run.wrk("/bench/bare/")["rps"]
        figures["uncached"] = run.wrk(path, uncached=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return figures


def grow(target: int) -> int:
    from django.db import connection

    from bench import dataset
    from partnerships.models import Partnership
    from priorities.crime.services import monthly_counts_rebuild
    from priorities.models import CrimeRecord

    table = CrimeRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        present = cursor.fetchone()[0]
    if present >= target:
        return present
    areas = list(
        Partnership.objects.filter(slug__startswith="bench-")
        .exclude(slug="bench-kingston")
        .order_by("pk")
        .values_list("area__code", flat=True)
    )
    started = time.perf_counter()
    step = 5_000_000
    with connection.cursor() as cursor:
        for first in range(present + 1, target + 1, step):
            last = min(first + step - 1, target)
            # The same rows as bench/dataset.py would make for these numbers.
            cursor.execute(
                f"INSERT INTO {table} (identity, month, crime_type, lsoa_code, "  # noqa: S608
                "lad_code, ward_code, longitude, latitude, location, outcome) "
                "SELECT md5('bench' || g), "
                "make_date(2023 + (g %% %s) / 12, (g %% %s) %% 12 + 1, 1), "
                "(%s::text[])[1 + g %% %s], '', (%s::text[])[1 + (g / 7) %% %s], "
                "'', NULL, NULL, 'On or near Bench Street', '' "
                "FROM generate_series(%s, %s) AS g",
                [dataset.MONTHS, dataset.MONTHS, dataset.CRIME_TYPES,
                 len(dataset.CRIME_TYPES), areas, len(areas), first, last],
            )  # fmt: skip
            print(
                f"  {last:,} rows ({time.perf_counter() - started:.0f} s)", flush=True
            )
        cursor.execute(f"ANALYZE {table}")
    months = [
        datetime.date(2023 + m // 12, m % 12 + 1, 1) for m in range(dataset.MONTHS)
    ]
    monthly_counts_rebuild(months=months)
    print(f"  monthly counts rebuilt ({time.perf_counter() - started:.0f} s)")
    return target


def main():
    import django

    django.setup()
    from django.db import connection

    from priorities.models import CrimeRecord

    target = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000_000
    path = "/partnerships/bench-0/crime/"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CrimeRecord._meta.db_table}")  # noqa: S608
        before_rows = cursor.fetchone()[0]
    print(f"measuring {path} at {before_rows:,} crime rows", flush=True)
    before = measure(path)
    print(f"growing the crime table to {target:,} rows", flush=True)
    after_rows = grow(target)
    print(f"measuring {path} at {after_rows:,} crime rows", flush=True)
    after = measure(path)
    result = {"path": path, "sizes": {str(before_rows): before, str(after_rows): after}}
    for rows, m in ((before_rows, before), (after_rows, after)):
        u = m["uncached"]
        print(
            f"{rows:>12,} rows: in process {m['in_process']['median_ms']} ms, "
            f"{m['in_process']['queries']} queries; uncached {u['rps']} rps "
            f"({u['rps'] / m['bare_rps']:.3f}x bare {m['bare_rps']}), "
            f"p95 {u['p95_ms']} ms, {u['cache_hits']} cache hits"
        )
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "crime_scale.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

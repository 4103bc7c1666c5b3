"""Where a public page's time goes: cProfile over uncached requests in process.

    .venv/bin/python bench/profile_pages.py /partnerships/bench-0/ [n] [sort]

Run after `make bench` (or BENCH_REUSE=1 make bench) has built portal_bench;
uses the bench settings, asks for ``n`` addresses never asked before (the
``bench`` parameter is part of the cache key there) and prints the 40 most
expensive functions by cumulative time (or ``sort``: tottime).
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    sort = sys.argv[3] if len(sys.argv) > 3 else "cumulative"
    sep = "&" if "?" in path else "?"
    client = Client(HTTP_HOST="127.0.0.1")
    nonce = time.monotonic_ns()
    for k in range(5):
        client.get(f"{path}{sep}bench=warm-{nonce}-{k}")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{path}{sep}bench=queries-{nonce}")
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for k in range(n):
        response = client.get(f"{path}{sep}bench=profile-{nonce}-{k}")
    profile.disable()
    elapsed = (time.perf_counter() - started) / n
    print(f"{path}: {response.status_code}, {1000 * elapsed:.2f} ms a request "
          f"(profiled), {len(queries.captured_queries)} queries")  # fmt: skip
    for query in queries.captured_queries:
        print("   ", query["time"], query["sql"][:160])
    restrict = sys.argv[4] if len(sys.argv) > 4 else ""
    stats = pstats.Stats(profile).sort_stats(sort)
    stats.print_stats(restrict, 40) if restrict else stats.print_stats(40)


if __name__ == "__main__":
    main()

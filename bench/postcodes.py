"""`load_postcodes` on a national-size Code-Point Open file, against plain COPY.

Generates a file of 1.7 million unique postcodes in Code-Point Open's own
headerless layout (about 160 MB), loads it with the portal's loader, then
times PostgreSQL's own COPY of the same file into an unindexed table of ten
text columns. Each size runs in its own process, so its peak memory (the
process's maximum resident set) can be compared: 170,000 rows against 1.7
million, to show memory does not grow with the file.

    python bench/postcodes.py            # fresh database portal_bench_postcodes
    python bench/postcodes.py --rows 1700000 --child   # one measurement (JSON)

``make bench`` calls ``postcode_load_rate()`` against its own database.
"""

import json
import os
import resource
import string
import subprocess
import sys
import tempfile
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = 1_700_000
SMALL = 170_000


def postcodes(rows: int):
    """``rows`` distinct, well-formed postcodes: AA9 9AA, AA99 9AA, ..."""
    letters = string.ascii_uppercase
    made = 0
    for area in ("".join(p) for p in product(letters, repeat=2)):
        for district in range(1, 100):
            for sector in range(10):
                for unit in ("".join(p) for p in product(letters, repeat=2)):
                    yield f"{area}{district} {sector}{unit}"
                    made += 1
                    if made == rows:
                        return


def generate(path: Path, rows: int) -> None:
    """Write the file line by line: memory stays flat whatever ``rows`` is."""
    with path.open("w", encoding="ascii", newline="\n") as out:
        for n, postcode in enumerate(postcodes(rows)):
            out.write(
                f'"{postcode}",10,{500000 + n % 90000},{150000 + n % 70000},'
                '"E92000001","E19000003","E18000007","","E09000021","E05013938"\n'
            )


def peak_memory_mb() -> int:
    """This process's peak resident memory. Linux's VmHWM belongs to the
    process's own memory since exec; ru_maxrss would also count the parent's
    memory at fork time (it survives exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child(rows: int) -> dict:
    """One measurement, in this process: load, then plain COPY of the same file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")
    import django

    django.setup()
    from django.db import connection

    from partnerships.models import Postcode
    from partnerships.postcodes import postcodes_load
    from portal.core.db import copy_from_stream

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"codepoint-{rows}.csv"
        generate(path, rows)
        size = path.stat().st_size
        rss_before = peak_memory_mb()
        started = time.perf_counter()
        report = postcodes_load(path=path, allow_smaller=True)
        load_seconds = time.perf_counter() - started
        rss_after = peak_memory_mb()
        if not report.rows == rows == Postcode.objects.count():
            raise RuntimeError(f"loaded {report.rows} postcodes, not {rows}")
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_codepoint_copy")
            cursor.execute(
                "CREATE TABLE bench_codepoint_copy (pc text, pq text, ea text, "
                "no text, cy text, rh text, lh text, cc text, dc text, wc text)"
            )
            started = time.perf_counter()
            with path.open("rb") as stream:
                copy_from_stream(
                    cursor,
                    "COPY bench_codepoint_copy FROM STDIN WITH (FORMAT csv)",
                    stream,
                )
            copy_seconds = time.perf_counter() - started
            cursor.execute("DROP TABLE bench_codepoint_copy")
    return {
        "rows": rows,
        "file_mb": round(size / 1e6, 1),
        "load_seconds": round(load_seconds, 2),
        "copy_seconds": round(copy_seconds, 2),
        "load_rows_per_second": round(rows / load_seconds),
        "copy_rows_per_second": round(rows / copy_seconds),
        "ratio_to_copy": round(copy_seconds / load_seconds, 2),
        "peak_rss_mb_before_load": rss_before,
        "peak_rss_mb": rss_after,
    }


def measure(rows: int, env: dict | None = None) -> dict:
    """``child(rows)`` in a fresh process, so its peak memory is its own."""
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__)), "--child", "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or os.environ.copy(),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def postcode_load_rate(env: dict | None = None) -> dict:
    """The small and the national-size load, and how memory compares."""
    small = measure(SMALL, env)
    national = measure(NATIONAL, env)
    return {
        "small": small,
        "national": national,
        "memory_growth_mb": national["peak_rss_mb"] - small["peak_rss_mb"],
    }


def report(result: dict) -> str:
    n, s = result["national"], result["small"]
    return (
        f"postcodes: {n['rows']:,} rows ({n['file_mb']} MB), load_postcodes "
        f"{n['load_seconds']} s ({n['load_rows_per_second']:,} rows/s), plain COPY "
        f"{n['copy_seconds']} s ({n['copy_rows_per_second']:,} rows/s): "
        f"{n['ratio_to_copy']}x COPY; peak memory {s['peak_rss_mb']} MB at "
        f"{s['rows']:,} rows, {n['peak_rss_mb']} MB at {n['rows']:,}"
    )


def main() -> None:
    if "--child" in sys.argv:
        rows = int(sys.argv[sys.argv.index("--rows") + 1])
        print(json.dumps(child(rows)))
        return
    database = os.environ.get("BENCH_POSTCODE_DATABASE", "portal_bench_postcodes")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
    }
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],  # noqa: S607
            check=True,
        )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "partnerships", "--noinput", "-v0"],
        check=True,
        cwd=ROOT,
        env=env,
    )
    if "--rows" in sys.argv:
        rows = int(sys.argv[sys.argv.index("--rows") + 1])
        print(json.dumps(measure(rows, env), indent=2))
        return
    result = postcode_load_rate(env)
    print(json.dumps(result, indent=2))
    print(report(result))


if __name__ == "__main__":
    main()

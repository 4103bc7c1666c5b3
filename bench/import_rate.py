"""The police.uk import rate alone, against a database of your choice.

    TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
    TEST_REDIS_URL=redis://127.0.0.1:6379/<n> .venv/bin/python bench/import_rate.py

Migrates that database, loads the ONS lookups from ../shared, deletes the
benchmark month's rows, then imports a generated full Met month (90,000 rows,
all 14 crime types; BENCH_IMPORT_ROWS to change) twice and COPYs the same
bytes into a plain table (``bench.run.import_rate``), BENCH_IMPORT_REPEATS
rounds (3; a new month each), keeping the best time of each. Prints the
figures as JSON. BENCH_IMPORT_PROFILE=1 prints a cProfile too; BENCH_IMPORT_CAREFUL=1
measures the careful row-by-row path instead (the import before COPY).
"""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def main():
    import django

    django.setup()
    from django.core.management import call_command

    from bench.run import import_rate
    from partnerships.lookups import lsoa_lookups_load
    from priorities.models import CrimeRecord, MonthlyCrimeCount

    call_command("migrate", "--noinput", verbosity=0)
    lookups = ROOT.parent / "shared" / "data" / "police-uk" / "lookups"
    for name in ("LSOA11_WD19_LAD19_LONDON.csv", "LSOA21_MSOA21_LAD22_LONDON.csv"):
        lsoa_lookups_load(path=lookups / name)
    months = [
        datetime.date(2019, 6, 1) + datetime.timedelta(days=31 * n) for n in range(12)
    ]
    months = [m.replace(day=1) for m in months]
    CrimeRecord.objects.filter(month__in=months).delete()
    MonthlyCrimeCount.objects.filter(month__in=months).delete()
    if os.environ.get("BENCH_IMPORT_CAREFUL"):
        from priorities.crime import services

        services._fast_header = lambda source: None
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "90000"))
    repeats = int(os.environ.get("BENCH_IMPORT_REPEATS", "3"))
    if os.environ.get("BENCH_IMPORT_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        result = profile.runcall(import_rate, rows, repeats)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    else:
        result = import_rate(rows, repeats)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

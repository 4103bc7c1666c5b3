"""Crime imports under attack and under faults: a crafted file, two imports of
one month at once, an unexpected error, a worker that dies, an editor's rows
in other partnerships' areas."""

import datetime
import json
import subprocess
import sys
import threading
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.db import connection

from partnerships.models import Area, OfficerRole
from priorities.crime import services
from priorities.crime.services import (
    OUTSIDE_YOUR_AREAS,
    crime_file_import,
    crime_path_import,
    import_areas_for,
)
from priorities.crime.tasks import (
    crime_import_run,
    crime_imports_resume,
    memory_ceiling,
)
from priorities.models import CrimeImport, CrimeRecord, MonthlyCrimeCount
from tests.partnerships.factories import PartnershipFactory
from tests.priorities.crime.test_crime_import import (
    BURGLARY_2023,
    HEADER,
    KINGSTON,
    WESTMINSTER,
)
from tests.utils import run_queued_tasks
from tests.workers import database_url

MB = 1024 * 1024
JAN_2023 = datetime.date(2023, 1, 1)


def crafted_file(path, size_mb=55, cells=10_000):
    """A valid police.uk header, then rows of ``cells`` cells, to ``size_mb``."""
    row = ("x," * cells)[:-1] + "\n"
    with path.open("w") as out:
        out.write(HEADER + "\n")
        for _ in range(size_mb * MB // len(row)):
            out.write(row)
    return path


# --- A crafted file ----------------------------------------------------------------


def test_a_crafted_file_is_refused_in_flat_memory(tmp_path, transactional_db):
    """55 MB with 10,000 cells a row (1.8 GB of worker memory before): refused
    with a clear message, the importing process peaking near its own size."""
    path = crafted_file(tmp_path / "2024-01-crafted-street.csv")
    script = (
        "import json, resource, django; django.setup()\n"
        "from pathlib import Path\n"
        "from priorities.crime.services import crime_file_import\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"result = crime_file_import(path=Path({str(path)!r}), file_name='x.csv')\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'status': result.status, 'error': result.error,"
        " 'before_mb': before / 1024, 'peak_mb': peak / 1024}))\n"
    )
    run = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env={
            **dict(__import__("os").environ),
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "TEST_DATABASE_URL": database_url(),
            "TEST_REDIS_URL": django_settings.REDIS_URL,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"crafted 55 MB file: peak {outcome['peak_mb']:.0f} MB")  # report figure
    assert outcome["status"] == "failed"
    assert "10,000 columns" in outcome["error"]
    assert outcome["peak_mb"] - outcome["before_mb"] < 50, outcome
    assert CrimeRecord.objects.count() == 0


@pytest.mark.django_db
def test_long_values_and_large_files_are_refused_with_a_reason(settings, lookups):
    """A value past 1,000 characters, or a file past the size limit."""
    long_value = HEADER + "\nabc,2023-01," + "x" * 5000 + ",,,,,,,Burglary,,\n"
    refused = crime_file_import(raw=long_value.encode(), file_name="long.csv")
    assert refused.status == CrimeImport.Status.FAILED
    assert "longer than 1,000 characters" in refused.error
    settings.CRIME_UPLOAD_MAX_MB = 1
    big = crime_path_import(path=BURGLARY_2023)  # 1.2 MB
    assert big.status == CrimeImport.Status.FAILED
    assert "smaller than 1 MB" in big.error
    assert CrimeRecord.objects.count() == 0


def test_the_memory_ceiling_turns_a_runaway_allocation_into_an_error():
    """Within the ceiling a large allocation fails; afterwards it works."""
    with pytest.raises(MemoryError), memory_ceiling(64):
        bytearray(512 * MB)
    assert len(bytearray(128 * MB)) == 128 * MB


# --- A task that never finishes ----------------------------------------------------


@pytest.mark.django_db
def test_an_import_whose_worker_keeps_dying_is_given_up(tmp_path, settings, lookups):
    """Started three times without finishing (the worker died each time and
    the task came back): the fourth delivery marks it failed with the reason,
    and any later one does nothing."""
    stored = tmp_path / "upload.csv"
    stored.write_bytes(BURGLARY_2023.read_bytes())
    crime_import = CrimeImport.objects.create(
        file_name="big.csv",
        sha256="0" * 64,
        stored_path=str(stored),
        status=CrimeImport.Status.RUNNING,
        started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        attempts=settings.CRIME_IMPORT_MAX_ATTEMPTS,
    )
    assert crime_import_run.apply(args=[crime_import.pk]).get() == "failed"
    crime_import.refresh_from_db()
    assert crime_import.status == CrimeImport.Status.FAILED
    assert "started 3 times and never finished" in crime_import.error
    assert not stored.exists()
    assert crime_import_run.apply(args=[crime_import.pk]).get() == "nothing to do"
    assert CrimeRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_running_import_is_not_started_twice(tmp_path, lookups):
    """A redelivered task finds the import running (not stale): nothing to do."""
    crime_import = CrimeImport.objects.create(
        file_name="a.csv",
        sha256="0" * 64,
        stored_path=str(tmp_path / "a.csv"),
        status=CrimeImport.Status.RUNNING,
        started_at=datetime.datetime.now(datetime.UTC),
        attempts=1,
    )
    assert crime_import_run.apply(args=[crime_import.pk]).get() == "nothing to do"


@pytest.mark.django_db
def test_imports_stuck_running_are_run_again(tmp_path, lookups, settings):
    """A worker killed mid-import leaves it "running"; past the time limit the
    beat job queues it again and it finishes."""
    stored = tmp_path / "upload.csv"
    stored.write_bytes(BURGLARY_2023.read_bytes())
    stale = datetime.datetime.now(datetime.UTC) - datetime.timedelta(
        seconds=settings.CRIME_IMPORT_STUCK_SECONDS + 60
    )
    stuck = CrimeImport.objects.create(
        file_name=BURGLARY_2023.name,
        sha256="0" * 64,
        stored_path=str(stored),
        status=CrimeImport.Status.RUNNING,
        started_at=stale,
        attempts=1,
    )
    fresh = CrimeImport.objects.create(
        file_name="fresh.csv",
        sha256="0" * 64,
        stored_path=str(tmp_path / "fresh.csv"),
        status=CrimeImport.Status.RUNNING,
        started_at=datetime.datetime.now(datetime.UTC),
        attempts=1,
    )
    assert crime_imports_resume() == 1
    assert run_queued_tasks() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == CrimeImport.Status.DONE
    assert stuck.attempts == 2
    assert stuck.rows_loaded == 5143
    assert fresh.status == CrimeImport.Status.RUNNING


# --- Errors and concurrency --------------------------------------------------------


@pytest.mark.django_db
def test_an_unexpected_error_marks_the_import_failed(lookups, monkeypatch):
    """Not only refused files: any error fails the import with a reference,
    and nothing from the file stays loaded."""

    def broken():
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "indicators_refresh_from_crime_data", broken)
    result = crime_path_import(path=BURGLARY_2023)
    assert result.status == CrimeImport.Status.FAILED
    assert "unexpected problem (reference " in result.error
    assert CrimeRecord.objects.count() == 0
    assert MonthlyCrimeCount.objects.count() == 0


def _import_at_once(paths) -> list[CrimeImport]:
    """Each file imported by its own thread, all starting at the same moment."""
    results, errors = [], []
    start = threading.Barrier(len(paths))

    def run(path):
        try:
            start.wait()
            results.append(crime_path_import(path=path))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def _borough_counts_are_the_rows() -> dict:
    """Every borough's count for the month is what its rows say."""
    stored = Counter(
        CrimeRecord.objects.exclude(lad_code="").values_list("lad_code", flat=True)
    )
    counted = dict(
        MonthlyCrimeCount.objects.filter(
            month=JAN_2023, area_code__in=stored
        ).values_list("area_code", "count")
    )
    assert counted == dict(stored)
    return counted


def test_two_imports_of_one_month_at_once_both_finish(
    transactional_db, lookups, tmp_path
):
    """Four parts of one month imported at the same moment: every import is
    done (none stuck at "running") and the counts add up to the whole month."""
    lines = BURGLARY_2023.read_text().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    parts = []
    for n in range(4):
        part = tmp_path / f"part{n}.csv"
        part.write_text(header + "".join(rows[n::4]))
        parts.append(part)
    results = _import_at_once(parts)
    assert sorted(r.status for r in results) == ["done"] * 4
    assert sum(r.rows_loaded for r in results) == CrimeRecord.objects.count()
    # No import's counting was lost to another's.
    assert _borough_counts_are_the_rows()[KINGSTON] > 0
    assert not CrimeImport.objects.exclude(status="done").exists()


def test_the_same_month_twice_at_once_is_loaded_once(transactional_db, lookups):
    """Two imports of the same file at the same moment: the one that runs
    second (each locks the month before writing) adds nothing and says so,
    and the counts are the rows' counts, not twice them."""
    results = _import_at_once([BURGLARY_2023, BURGLARY_2023])
    assert sorted(r.status for r in results) == ["done"] * 2
    loaded = sorted(r.rows_loaded for r in results)
    assert loaded[0] == 0
    assert loaded[1] == CrimeRecord.objects.count() > 0
    _borough_counts_are_the_rows()


# --- An editor's rows in other partnerships' areas -----------------------------------


@pytest.mark.django_db
def test_an_editor_imports_only_their_own_areas(lookups, django_user_model):
    """An editor of Kingston loads Kingston's 63 rows and sees the rest
    reported as skipped; Westminster's figures are untouched. A site
    administrator imports everything."""
    kingston = Area.objects.filter(code=KINGSTON).first() or None
    partnership = (
        PartnershipFactory(area__code=KINGSTON, area__name="Kingston upon Thames")
        if kingston is None
        else PartnershipFactory(area=kingston)
    )
    editor = django_user_model.objects.create_user("editor@test.example")
    OfficerRole.objects.create(user=editor, partnership=partnership, role="editor")
    officer = django_user_model.objects.create_user("officer@test.example")
    OfficerRole.objects.create(user=officer, partnership=partnership, role="officer")
    admin = django_user_model.objects.create_superuser("admin@test.example")

    assert import_areas_for(editor) == {KINGSTON}
    assert import_areas_for(officer) == set()
    assert import_areas_for(admin) is None

    result = crime_file_import(
        path=BURGLARY_2023,
        file_name=BURGLARY_2023.name,
        actor=editor,
        allowed_areas=import_areas_for(editor),
    )
    assert result.status == CrimeImport.Status.DONE
    assert result.rows_loaded == 63
    assert result.skipped_reasons[OUTSIDE_YOUR_AREAS] == 5143 - 63
    assert set(CrimeRecord.objects.values_list("lad_code", flat=True)) == {KINGSTON}
    assert not MonthlyCrimeCount.objects.filter(area_code=WESTMINSTER).exists()

    everything = crime_file_import(
        path=BURGLARY_2023, file_name=BURGLARY_2023.name, actor=admin
    )
    assert everything.rows_loaded == 5143 - 63
    assert MonthlyCrimeCount.objects.get(area_code=WESTMINSTER).count == 265

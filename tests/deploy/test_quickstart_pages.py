"""The residents' pages on the quickstart's SQLite, with the demo `make run`
loads: the selectors that take a faster path on PostgreSQL (arrays, COPY)
must still answer there. Runs in a process of its own (quickstart_pages.py),
since the suite's own database is PostgreSQL."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.deploy.test_quickstart import quickstart_environment

ROOT = Path(settings.BASE_DIR)
# Migrating and loading the demo (its crime months and the Met's series) on a
# busy two-core machine.
LOAD_SECONDS = 900


def test_every_demo_partnerships_resident_pages_answer_on_sqlite(tmp_path):
    done = subprocess.run(
        [sys.executable, "tests/deploy/quickstart_pages.py"],
        cwd=ROOT,
        env=quickstart_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=LOAD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers = [
        json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")
    ]
    wards = [a for a in answers if a["path"].count("/") == 4 and "/areas/" in a["path"]]
    assert len(wards) >= 3  # a ward page (or two) of each of the three boroughs
    assert [a for a in answers if a["status"] != 200] == []

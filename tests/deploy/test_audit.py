"""scripts/audit.py (make lint): fails on a known vulnerability, passes when
there is none, and says plainly when nothing could be audited.

An OSV-compatible service of the test's own stands in for the vulnerability
database (the outside world), answering as OSV's /v1/query does.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from tests.workers import free_port

ROOT = Path(settings.BASE_DIR)
ADVISORY = {
    "id": "PYSEC-2026-0001",
    "aliases": ["CVE-2026-00001"],
    "summary": "A made-up advisory for the test",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "5.2"}, {"fixed": "5.2.20"}],
                }
            ],
        }
    ],
}


class FakeOsv(BaseHTTPRequestHandler):
    vulnerable = {("django", "5.2.19")}

    def do_POST(self):  # the http.server API
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        package = (query["package"]["name"], query["version"])
        body = {"vulns": [ADVISORY]} if package in self.vulnerable else {}
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def osv_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1/query"
    server.shutdown()


def audit(tmp_path, lines, **environment):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(lines) + "\n")
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "scripts/audit.py", "--no-npm",
         "--requirements", str(requirements)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, **environment}, timeout=300,
    )  # fmt: skip


def test_fails_on_a_known_vulnerability(tmp_path, osv_url):
    result = audit(
        tmp_path, ["django==5.2.19", "sqlparse==0.6.1"], AUDIT_OSV_URL=osv_url
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "django 5.2.19: PYSEC-2026-0001 (fixed in 5.2.20)" in result.stdout
    assert "1 with known vulnerabilities" in result.stdout


def test_passes_when_none_is_known(tmp_path, osv_url):
    result = audit(
        tmp_path, ["django==5.2.20", "sqlparse==0.6.1"], AUDIT_OSV_URL=osv_url
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 locked packages audited" in result.stdout
    assert "NOT AUDITED" not in result.stdout


def test_says_when_nothing_could_be_audited(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}/v1/query"
    result = audit(tmp_path, ["django==5.2.19"], AUDIT_OSV_URL=closed)
    assert result.returncode == 0
    assert "Python: NOT AUDITED" in result.stdout
    required = audit(
        tmp_path, ["django==5.2.19"], AUDIT_OSV_URL=closed, AUDIT_REQUIRED="1"
    )
    assert required.returncode == 2

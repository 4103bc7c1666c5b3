"""Optional error tracking (sentry-sdk): off without SENTRY_DSN, and with it,
an error reaches the collector without personal data.

A local HTTP server stands in for Sentry (the outside world); the portal runs
in a separate process with SENTRY_DSN pointing at it, so the SDK's patches
stay out of this test run.
"""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sentry_sdk
from django.conf import settings

from tests.workers import worker_environment

SECRETS = [
    "resident@example.org",  # an email address in the body, query and message
    "SECRETCALENDARTOKEN",  # the secret part of a calendar link
    "SESSIONSECRETVALUE",  # a session cookie
    "203.0.113.9",  # the client's address
    "1 High Street",  # an answer in the form
]

# The portal, called as gunicorn calls it (through WSGI, where sentry-sdk reads
# the request), with a request full of personal data and secrets.
PORTAL = """
import io
import wsgiref.util

from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

application = get_wsgi_application()
import sentry_sdk

assert sentry_sdk.get_client().is_active()
body = b"email=resident%40example.org&answer=1+High+Street"
environ = {
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/fail/calendar/SECRETCALENDARTOKEN.ics",
    "QUERY_STRING": "email=resident@example.org",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_X_FORWARDED_FOR": "203.0.113.9",
    "HTTP_COOKIE": "sessionid=SESSIONSECRETVALUE",
    "HTTP_USER_AGENT": "Browser (resident@example.org)",
}
wsgiref.util.setup_testing_defaults(environ)
statuses = []
with override_settings(ROOT_URLCONF="tests.portal.core.failing_urls"):
    b"".join(application(environ, lambda status, headers: statuses.append(status)))
assert statuses == ["500 Internal Server Error"], statuses
sentry_sdk.flush(10)
"""


class Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        Collector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def events(envelopes: list[bytes]) -> list[dict]:
    """The event items of the Sentry envelopes (newline-separated JSON)."""
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def test_off_without_a_dsn():
    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()


def test_an_error_is_sent_without_personal_data(db):
    Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", PORTAL],
            cwd=settings.BASE_DIR,
            env=worker_environment(SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="test"),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    sent = b"\n".join(Collector.received).decode()
    found = events(Collector.received)
    assert found, "no event reached the collector"
    exception = next(e for e in found if "exception" in e)
    assert exception["exception"]["values"][-1]["type"] == "ValueError"
    assert "[email]" in exception["exception"]["values"][-1]["value"]
    assert exception["environment"] == "test"
    assert set(exception["request"]) <= {"method", "url"}
    assert exception["request"]["url"].endswith("/fail/calendar/[redacted].ics")
    assert all("user" not in event for event in found)
    for secret in SECRETS:
        assert secret not in sent, f"{secret!r} was sent"
    assert not os.environ.get("SENTRY_DSN")

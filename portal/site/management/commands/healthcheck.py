"""The containers' health checks (docker-compose.yml): exit 0 when healthy.

    python manage.py healthcheck web     # this container's gunicorn answers /healthz
    python manage.py healthcheck worker  # this container's Celery worker answers
    python manage.py healthcheck beat    # Celery beat's heartbeat is recent

``web`` asks gunicorn (``--url``, default http://127.0.0.1:8000/healthz) with
the Host header of the first name in ALLOWED_HOSTS, so it passes with a real
host name where Host: 127.0.0.1 would be refused.
"""

import socket
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.celery import app as celery_app
from portal.core.beat import BEAT
from portal.core.models import Heartbeat


def host_for_health_check(allowed_hosts) -> str:
    """A Host header the site accepts: the first allowed name that is a name."""
    for host in allowed_hosts:
        host = host.strip()
        if host and host != "*":
            # ".example.org" allows example.org and every subdomain.
            return host.lstrip(".")
    return "localhost"


class Command(BaseCommand):
    help = "Exit 0 if this container's web server, worker or beat is healthy."

    def add_arguments(self, parser):
        parser.add_argument("process", choices=["web", "worker", "beat"])
        parser.add_argument("--url", default="http://127.0.0.1:8000/healthz")
        parser.add_argument(
            "--node",
            default=f"celery@{socket.gethostname()}",
            help="the worker to ping (default: this container's)",
        )
        parser.add_argument("--timeout", type=float, default=5.0)

    def handle(self, *args, process, url, node, timeout, **options):
        healthy, said = getattr(self, f"check_{process}")(
            url=url, node=node, timeout=timeout
        )
        if not healthy:
            self.stderr.write(said)
            sys.exit(1)
        self.stdout.write(said)

    def check_web(self, *, url, timeout, **kwargs):
        if not url.startswith(("http://", "https://")):
            return False, f"web: {url} is not an http(s) address"
        request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
            url, headers={"Host": host_for_health_check(settings.ALLOWED_HOSTS)}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return (
                    answer.status == 200,
                    f"web: {answer.status} {answer.read()[:200]!r}",
                )
        except urllib.error.HTTPError as error:
            return False, f"web: {error.code} {error.read()[:200]!r}"
        except OSError as error:
            return False, f"web: {error}"

    def check_worker(self, *, node, timeout, **kwargs):
        try:
            replies = celery_app.control.ping(destination=[node], timeout=timeout)
        except Exception as error:
            return False, f"worker: {node} cannot be asked ({error!r})"
        if replies:
            return True, f"worker: {node} answered"
        return False, f"worker: {node} did not answer within {timeout} s"

    def check_beat(self, **kwargs):
        heartbeat = Heartbeat.objects.filter(name=BEAT).first()
        if heartbeat is None:
            return False, "beat: no heartbeat recorded yet"
        age = (timezone.now() - heartbeat.beat_at).total_seconds()
        if age > settings.PORTAL_BEAT_STALE_SECONDS:
            return False, f"beat: last heartbeat {age:.0f} s ago"
        return True, f"beat: last heartbeat {age:.0f} s ago"

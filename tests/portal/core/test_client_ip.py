"""The client's address behind proxies: X-Forwarded-For at the trusted depth.

The rate limit, django-axes and the log pseudonyms all name a client by
``portal.core.security.client_ip``; a client that writes its own
X-Forwarded-For must not be able to pass for someone else.
"""

import logging
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from portal.core.logging import pseudonym
from portal.core.security import client_ip
from tests.engagement.conftest import build_open_consultation

PROXY = "10.0.0.2"  # the address gunicorn sees: our own reverse proxy
RESIDENT = "203.0.113.9"
EMAIL = "officer@example.org"
PASSWORD = "a long and unusual passphrase"


def request(forwarded=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return SimpleNamespace(META=meta)


@pytest.mark.parametrize(
    ("depth", "forwarded", "expected"),
    [
        # Nothing in front of the app: the peer, whatever the header says.
        (0, "198.51.100.1", PROXY),
        # One proxy, which appended the address it saw.
        (1, RESIDENT, RESIDENT),
        (1, f"198.51.100.1, {RESIDENT}", RESIDENT),
        (1, f"198.51.100.1,203.0.113.8 , {RESIDENT}", RESIDENT),
        # Two proxies (a CDN, then Caddy): the CDN's entry is the client's.
        (2, f"198.51.100.1, {RESIDENT}, 192.0.2.50", RESIDENT),
        # Fewer entries than proxies: the furthest address recorded.
        (2, RESIDENT, RESIDENT),
        # Ports and IPv6 are read as addresses.
        (1, f"198.51.100.1, {RESIDENT}:4711", RESIDENT),
        (1, "[2001:db8::1]:4711", "2001:db8::1"),
        # No header, or rubbish where the proxy's entry should be: the peer.
        (1, None, PROXY),
        (1, "198.51.100.1, not-an-address", PROXY),
    ],
)
def test_client_ip_reads_the_trusted_depth(settings, depth, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = depth
    assert client_ip(request(forwarded)) == expected


def test_a_forged_x_forwarded_for_cannot_escape_the_rate_limit(db, settings):
    """Behind one proxy, each post carries a different made-up address in front
    of the one the proxy appended: the same resident is still refused with 429
    once over the limit, and another resident is not."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONSULTATION_RATE_LIMIT = 3
    url = build_open_consultation().get_absolute_url()
    proxy = Client(REMOTE_ADDR=PROXY)
    statuses = [
        proxy.post(
            url, {}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {RESIDENT}"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    other = proxy.post(url, {}, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.10")
    assert other.status_code == 200


def test_without_a_trusted_proxy_the_header_is_ignored(db, settings):
    """With TRUSTED_PROXY_COUNT=0 every post counts against REMOTE_ADDR."""
    settings.CONSULTATION_RATE_LIMIT = 2
    url = build_open_consultation().get_absolute_url()
    client = Client(REMOTE_ADDR=RESIDENT)
    statuses = [
        client.post(url, {}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_axes_locks_out_the_client_not_the_proxy(db, settings):
    """Five wrong passwords from one resident behind the proxy, each with a new
    forged address, lock that resident out; another resident signs in."""
    settings.TRUSTED_PROXY_COUNT = 1
    get_user_model().objects.create_user(username=EMAIL, email=EMAIL, password=PASSWORD)
    proxy = Client(REMOTE_ADDR=PROXY)
    sign_in = reverse("account:sign_in")
    for n in range(5):
        proxy.post(
            sign_in,
            {"username": EMAIL, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {RESIDENT}",
        )
    locked = proxy.post(
        sign_in,
        {"username": EMAIL, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=f"198.51.100.99, {RESIDENT}",
    )
    assert locked.status_code in (403, 429)
    other = Client(REMOTE_ADDR=PROXY).post(
        sign_in,
        {"username": EMAIL, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert other.status_code == 302


def test_log_pseudonyms_name_the_client(db, settings, caplog):
    """A failed sign-in behind the proxy is logged with the resident's pseudonym."""
    settings.TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="portal.security")
    Client(REMOTE_ADDR=PROXY).post(
        reverse("account:sign_in"),
        {"username": EMAIL, "password": "wrong"},
        HTTP_X_FORWARDED_FOR=f"198.51.100.1, {RESIDENT}",
    )
    [record] = [
        r for r in caplog.records if r.getMessage().startswith("sign_in_failed")
    ]
    assert record.client_pseudonym == pseudonym(RESIDENT)

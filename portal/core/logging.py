"""Structured logs: one JSON object per line, with nothing personal or secret.

``JsonFormatter`` (python-json-logger, configured in ``settings.LOGGING``)
writes the message, the level, the logger name, a timestamp, any ``extra``
fields and the traceback. Before a line is written, secrets that travel in
addresses (calendar, subscription, password and invitation links), email
addresses and postcodes are blanked out: a safety net for text that Django or
a library puts in a message. The portal's own records never contain them in
the first place: people are identified by their account id, or by a
``pseudonym()`` of what they typed (a username) or where they came from (an
IP address).

``RequestFieldsFilter`` gives Django's own ``django.request`` records (4xx and
5xx responses) the request's path and method as fields, and the reference
shown on the 500 page, so the traceback of a failed request can be found from
the reference a person quotes.
"""

import logging
import re

from django.utils.crypto import salted_hmac
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

_PSEUDONYM_SALT = "portal.core.logging.pseudonym"
PSEUDONYM_LENGTH = 16

# Path segments that are secrets: whoever has the address has the access.
_SECRET_PATHS = [
    (re.compile(r"(/calendar/)[^/\s?#'\"]+(\.ics)"), r"\1[redacted]\2"),
    (
        re.compile(
            r"(/(?:subscribe/confirm|unsubscribe|alerts/confirm|alerts/manage)/)"
            r"[^/\s?#'\"]+"
        ),
        r"\1[redacted]",
    ),
    (
        re.compile(r"(/(?:password-reset|invitation)/)[^/\s?#'\"]+/[^/\s?#'\"]+"),
        r"\1[redacted]",
    ),
]
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# A resident's postcode, as typed or as an address encodes it ("kt1 1ae",
# "KT1+1AE", "KT1%201AE"). The area finder never logs one; this is the net.
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}[0-9][A-Z0-9]?(?:\s+|\+|%20)?[0-9][A-Z]{2}\b", re.IGNORECASE
)

# Attributes of Django's records that are not written: the request object's
# text is its full address, query string included.
_NOT_WRITTEN = ["request"]


def pseudonym(value: str) -> str:
    """A keyed hash of ``value`` (HMAC-SHA256 with the SECRET_KEY), or "".

    The same value always gives the same pseudonym, so one person's or one
    address's records can be followed through the log, but the value cannot be
    read back or guessed from it without the key. Usernames are compared
    without case or surrounding spaces, as sign-in does.
    """
    value = (value or "").strip().lower()
    if not value:
        return ""
    digest = salted_hmac(_PSEUDONYM_SALT, value, algorithm="sha256").hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def redact(text: str) -> str:
    """``text`` with secret link segments, email addresses and postcodes blanked."""
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return _POSTCODE.sub("[postcode]", _EMAIL.sub("[email]", text))


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter, with the portal's field names and redaction."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *_NOT_WRITTEN])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in log_data.items()
        }


class TextFormatter(logging.Formatter):
    """Plain text lines for a developer's terminal, redacted like the JSON ones."""

    def format(self, record):
        return redact(super().format(record))


class RequestFieldsFilter(logging.Filter):
    """Adds ``path``, ``method`` and any 500 ``reference`` to django.request records.

    Django logs every 4xx and 5xx response on ``django.request`` with the
    request attached; the 500 handler (``portal.site.views.server_error``) runs just
    before that and leaves its reference on the request.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None:
            record.path = getattr(request, "path", "")
            record.method = getattr(request, "method", "")
            reference = getattr(request, "error_reference", "")
            if reference:
                record.event = "server_error"
                record.reference = reference
        return True

"""Optional error tracking with sentry-sdk, sending nothing personal.

Off unless SENTRY_DSN is set (``portal/settings/base.py`` calls ``sentry_init``).
What is sent is an error's type, redacted message and stack trace (file,
function and line; no local variables), the request's method and path, and
the release environment. Never sent: request bodies, query strings, cookies
and headers, the user, client IP addresses, and local variables; every string
left in an event or breadcrumb is redacted as the logs are (email addresses
and the secret parts of calendar, subscription, password and invitation
links become placeholders). ``tests/portal/core/test_error_tracking.py``
sends a real event to a local collector and checks it.
"""

from urllib.parse import urlsplit

from portal.core.logging import redact

# Where in an event a request's personal or secret parts would be.
_REQUEST_KEPT = ("method", "url")


def _scrub(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event, hint=None):
    """``before_send``: the event without personal data (see the module)."""
    request = event.get("request")
    if request:
        kept = {key: request[key] for key in _REQUEST_KEPT if key in request}
        if "url" in kept:
            # Only the path: a query string may hold a search, a token or an email.
            kept["url"] = urlsplit(kept["url"])._replace(query="", fragment="").geturl()
        event["request"] = kept
    event.pop("user", None)
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb.pop("data", None)
    return _scrub(event)


def scrub_breadcrumb(breadcrumb, hint=None):
    """``before_breadcrumb``: a log line or query's text, redacted, no data."""
    breadcrumb.pop("data", None)
    return _scrub(breadcrumb)


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    """Start sentry-sdk (Django, Celery and logging integrations are automatic)."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
    )

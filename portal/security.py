"""One log line per sign-in event, on the ``portal.security`` logger.

Each line names the event, the username and the client's address, both in the
message (for people reading the log) and as ``extra`` fields (for tools that
collect structured logs). Passwords and other credentials are never logged:
from the credentials of a failed sign-in only the submitted username is read.

The handlers are connected in ``PortalConfig.ready()``.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)

logger = logging.getLogger("portal.security")

# The longest username Django's User model allows; longer submissions are cut.
USERNAME_MAX_LENGTH = 150


def client_ip(request) -> str:
    """The address the request came from, as the web server saw it."""
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "") or ""


def log_event(
    event: str,
    *,
    username: str,
    ip_address: str,
    level: int = logging.INFO,
    **fields,
) -> None:
    """Log ``event`` with the username and address, readable and structured.

    ``%r`` quotes the username, so a submitted value holding line breaks or
    other control characters cannot forge extra lines in the log.
    """
    username = (username or "")[:USERNAME_MAX_LENGTH]
    logger.log(
        level,
        "%s username=%r ip_address=%s",
        event,
        username,
        ip_address,
        extra={
            "event": event,
            "username": username,
            "ip_address": ip_address,
            **fields,
        },
    )


def on_user_logged_in(sender, request, user, **kwargs):
    log_event("sign_in", username=user.get_username(), ip_address=client_ip(request))


def on_user_logged_out(sender, request, user, **kwargs):
    # ``user`` is None when the session had no signed-in user.
    username = user.get_username() if user is not None else ""
    log_event("sign_out", username=username, ip_address=client_ip(request))


def on_user_login_failed(sender, credentials, request=None, **kwargs):
    # Only the username: everything else in ``credentials`` may be a secret.
    username = str((credentials or {}).get("username") or "")
    log_event("sign_in_failed", username=username, ip_address=client_ip(request))


def on_user_locked_out(sender, request=None, username=None, ip_address=None, **kw):
    log_event(
        "sign_in_locked_out",
        username=str(username or ""),
        ip_address=client_ip(request) or str(ip_address or ""),
        level=logging.WARNING,
    )


def connect_signal_handlers() -> None:
    """Connect the handlers once (``dispatch_uid`` makes repeats harmless)."""
    user_logged_in.connect(on_user_logged_in, dispatch_uid="portal.security.in")
    user_logged_out.connect(on_user_logged_out, dispatch_uid="portal.security.out")
    user_login_failed.connect(
        on_user_login_failed, dispatch_uid="portal.security.failed"
    )
    user_locked_out.connect(
        on_user_locked_out, dispatch_uid="portal.security.locked_out"
    )

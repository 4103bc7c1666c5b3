"""One structured log record per security event, on the ``portal.core.security`` logger.

Sign-ins, sign-outs, failed sign-ins, lockouts, password resets, invitations
and refused permissions are each one record naming the event, as the message
and as ``extra`` fields for tools that collect structured logs. No record holds
personal data or a secret: a known account is named by its id; a submitted
username (an email address, or a password typed into the wrong box) and the
client's IP address are written only as keyed pseudonyms
(``portal.core.logging.pseudonym``), so an operator can tell that attempts came
from one address or were aimed at one account, and can work out the pseudonym
of a given address with ``manage.py log_pseudonym``, but cannot read them back.
Passwords and other credentials are never read.

The signal handlers are connected in ``PortalConfig.ready()``.
"""

import datetime
import ipaddress
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.utils import timezone

from portal.core.logging import pseudonym

logger = logging.getLogger("portal.security")


def _address(value: str) -> str:
    """``value`` as a normalised IP address, or "" if it is not one.

    Proxies may write a port (``192.0.2.1:4711``, ``[2001:db8::1]:4711``)."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The address of the client that sent the request.

    With ``TRUSTED_PROXY_COUNT`` = 0 (nothing in front of the app), the peer's
    address, REMOTE_ADDR. Behind N proxies of our own, each appends the address
    it received the request from to X-Forwarded-For, so the client is the
    entry N places from the right of REMOTE_ADDR; entries further left were
    written by the client and are ignored, so a forged header changes nothing.
    A request that passed fewer proxies than expected (it reached an inner one
    directly) is named by the leftmost address the proxies recorded. Used by
    the rate limits, django-axes (``AXES_CLIENT_IP_CALLABLE``) and the log
    pseudonyms.
    """
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    depth = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if depth <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [entry for entry in forwarded.split(",") if entry.strip()] + [remote]
    return _address(chain[max(len(chain) - 1 - depth, 0)]) or remote


def log_event(
    event: str,
    *,
    username: str = "",
    ip_address: str = "",
    user_id: int | None = None,
    level: int = logging.INFO,
    **fields,
) -> None:
    """Log ``event`` with the account id and pseudonyms of username and address.

    ``fields`` become extra structured fields: ids, names of permissions,
    counts; never anything that identifies a person.
    """
    user = pseudonym(username)
    client = pseudonym(ip_address)
    logger.log(
        level,
        "%s user_id=%s user=%s client=%s",
        event,
        user_id if user_id is not None else "-",
        user or "-",
        client or "-",
        extra={
            "event": event,
            "user_id": user_id,
            "user_pseudonym": user,
            "client_pseudonym": client,
            **fields,
        },
    )


def log_permission_refused(request, *, permission: str, obj, status: int) -> None:
    """A signed-in user was refused ``permission`` on ``obj`` (answered ``status``).

    The object is named by its model and id (``plans.plan:12``), the user by
    account id.
    """
    meta = getattr(obj, "_meta", None)
    log_event(
        "permission_refused",
        user_id=request.user.pk,
        ip_address=client_ip(request),
        level=logging.WARNING,
        permission=permission,
        object=f"{meta.label_lower}:{obj.pk}" if meta is not None else "",
        path=request.path,
        method=request.method,
        status=status,
    )


def on_user_logged_in(sender, request, user, **kwargs):
    log_event(
        "sign_in",
        user_id=user.pk,
        username=user.get_username(),
        ip_address=client_ip(request),
    )


def on_user_logged_out(sender, request, user, **kwargs):
    # ``user`` is None when the session had no signed-in user.
    log_event(
        "sign_out",
        user_id=user.pk if user is not None else None,
        username=user.get_username() if user is not None else "",
        ip_address=client_ip(request),
    )


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


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its own log lines: pseudonyms only.

    Set as ``AXES_CLIENT_STR_CALLABLE``; by default axes would write the
    username, the IP address and the browser's user agent.
    """
    if isinstance(path_info, list | tuple):
        path_info = path_info[0] if path_info else ""
    return (
        f"{{user: {pseudonym(str(username or '')) or '-'}, "
        f"client: {pseudonym(str(ip_address or '')) or '-'}, "
        f"path_info: {path_info}}}"
    )


def connect_signal_handlers() -> None:
    """Connect the handlers once (``dispatch_uid`` makes repeats harmless)."""
    user_logged_in.connect(on_user_logged_in, dispatch_uid="portal.core.security.in")
    user_logged_out.connect(on_user_logged_out, dispatch_uid="portal.core.security.out")
    user_login_failed.connect(
        on_user_login_failed, dispatch_uid="portal.core.security.failed"
    )
    user_locked_out.connect(
        on_user_locked_out, dispatch_uid="portal.core.security.locked_out"
    )


def security_records_prune(*, now=None) -> dict[str, int]:
    """Delete django-axes records older than ``AXES_RETENTION_DAYS``.

    Axes keeps the username (an email address), the IP address and the browser
    string of every sign-in and failed attempt; the nightly job
    (``portal.tasks.security_records_prune``) keeps them no longer than the
    retention period. Lockouts last minutes, so they are never cut short.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.AXES_RETENTION_DAYS
    )
    deleted = {}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        deleted[model.__name__], _ = model.objects.filter(
            attempt_time__lt=cutoff
        ).delete()
    return deleted

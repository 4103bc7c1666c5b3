"""Writes for officers: accounts, their roles in partnerships, invitations,
changing and revoking roles, and ending the sessions of someone who no longer
has any. Every role given, changed or taken away is written to the audit trail
(``partnerships.audit``)."""

import logging
from collections.abc import Callable
from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.models import OfficerRole, Partnership
from partnerships.signals import officer_left_partnership
from portal.core.security import log_event

logger = logging.getLogger(__name__)

# Django's User.username holds the email address, so it is the tighter limit.
EMAIL_MAX_LENGTH = 150

#: Turns a path such as ``/account/sign-in/`` into an absolute URL.
URLBuilder = Callable[[str], str]


def email_normalise(email: str) -> str:
    """The form of an email address used as a username: trimmed, lower case."""
    return (email or "").strip().lower()


def password_link_lifetime() -> str:
    """How long password links last, in words: "3 days", "12 hours"."""
    seconds = int(settings.PASSWORD_RESET_TIMEOUT)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def _url_builder_from_settings() -> URLBuilder:
    base_url = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    if not base_url:
        raise ImproperlyConfigured(
            "Pass base_url_builder, or set PORTAL_BASE_URL, to build invitation links"
        )
    return lambda path: f"{base_url}{path}"


@transaction.atomic
def account_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    site_admin: bool = False,
):
    """An account that signs in with its email address.

    ``password`` None gives no usable password (one is set from an emailed
    link); ``site_admin`` makes a site administrator. Raises ``ValidationError``
    (keyed by field) for a bad address or one that already has an account.
    """
    email = email_normalise(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an email address in the correct format"}
        ) from None
    user_model = get_user_model()
    if user_model.objects.filter(username=email).exists():
        raise ValidationError({"email": "There is already an account for this email"})
    return user_model.objects.create_user(
        username=email,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_superuser=site_admin,
        is_staff=site_admin,
    )


@transaction.atomic
def officer_role_grant(
    *, user, partnership: Partnership, role: str, actor
) -> OfficerRole:
    """Give ``user`` a role in ``partnership``; granting it again changes nothing.

    Raises ``ValidationError`` for a role that does not exist.
    """
    if role not in OfficerRole.Role.values:
        raise ValidationError({"role": "Select a role"})
    officer_role = OfficerRole.objects.filter(
        user=user, partnership=partnership, role=role
    ).first()
    if officer_role is None:
        officer_role = OfficerRole(user=user, partnership=partnership, role=role)
        officer_role._audit_actor = actor
        officer_role.save()
    return officer_role


def officer_invite(
    *,
    email: str,
    partnership: Partnership,
    role: str,
    actor,
    base_url_builder: URLBuilder | None = None,
) -> OfficerRole:
    """Give ``email`` a role in ``partnership`` and email them an invitation.

    The user is created when there is none with that address (with no usable
    password: they set one from the link in the email), or reused. Inviting
    the same person to the same role again creates nothing new and sends the
    email again. The email goes only once the transaction has committed.

    Raises ``ValidationError`` (keyed by field) for a bad email address or
    role, or an account that has been switched off, and ``PermissionDenied``
    when ``actor`` may not invite officers.
    """
    if not actor.has_perm("partnerships.invite_officer"):
        raise PermissionDenied
    email = email_normalise(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {
                "email": "Enter an email address in the correct format, "
                "like name@example.com"
            }
        ) from None
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            {"email": f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"}
        )
    if role not in OfficerRole.Role.values:
        raise ValidationError({"role": "Select a role"})
    build_url = base_url_builder or _url_builder_from_settings()

    user_model = get_user_model()
    with transaction.atomic():
        user, _ = user_model.objects.get_or_create(
            username=email,
            # make_password(None) is an unusable password.
            defaults={"email": email, "password": make_password(None)},
        )
        if not user.is_active:
            raise ValidationError(
                {
                    "email": "The account for this email address has been switched "
                    "off. Switch it on in the site admin before inviting them"
                }
            )
        if not user.email:
            user.email = email
            user.save(update_fields=["email"])
        officer_role = officer_role_grant(
            user=user, partnership=partnership, role=role, actor=actor
        )
        transaction.on_commit(
            partial(
                officer_invitation_send,
                officer_role_id=officer_role.pk,
                base_url_builder=build_url,
            )
        )
    log_event(
        "officer_invited",
        username=email,
        ip_address="",
        actor_id=actor.pk,
        partnership_id=partnership.pk,
        role=role,
    )
    return officer_role


def officer_invitation_send(
    *, officer_role_id: int, base_url_builder: URLBuilder
) -> None:
    """Email the invitation for one officer role.

    Someone who has not set a password yet gets a one-use link to set it,
    valid for PASSWORD_RESET_TIMEOUT; someone who has gets the sign-in page.
    The link is built from the user as they are now, so run this after the
    transaction that created them has committed.
    """
    officer_role = OfficerRole.objects.select_related("user", "partnership").get(
        pk=officer_role_id
    )
    user = officer_role.user
    context = {
        "site_name": settings.SITE_NAME,
        "partnership": officer_role.partnership,
        "role_with_article": _with_article(officer_role.get_role_display().lower()),
        "sign_in_url": base_url_builder(reverse("account:sign_in")),
        "link_lifetime": password_link_lifetime(),
    }
    if not user.has_usable_password():
        context["set_password_url"] = base_url_builder(
            reverse(
                "account:invitation_accept",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
    subject = render_to_string("account/email/invitation_subject.txt", context)
    body = render_to_string("account/email/invitation.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email or user.get_username()],
    )
    logger.info("Sent the invitation for officer role %s", officer_role.pk)


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


# --- Changing and revoking roles -------------------------------------------------


def _roles_of(user, partnership) -> dict[str, OfficerRole]:
    return {
        r.role: r
        for r in OfficerRole.objects.select_for_update().filter(
            user=user, partnership=partnership
        )
    }


def _give(user, partnership, role: str, *, actor) -> None:
    officer_role = OfficerRole(user=user, partnership=partnership, role=role)
    officer_role._audit_actor = actor  # partnerships.audit records who
    officer_role.save()


def _take(officer_role: OfficerRole, *, actor) -> None:
    officer_role._audit_actor = actor
    officer_role.delete()


def _after_losing_roles(*, user, partnership, actor) -> None:
    """Once committed: tell the apps above, and sign the user out everywhere if
    they have no role left anywhere (site administrators keep their access)."""

    def left():
        officer_left_partnership.send(
            sender=OfficerRole, user=user, partnership=partnership, actor=actor
        )
        if not user.is_superuser and not OfficerRole.objects.filter(user=user).exists():
            user_sessions_end(user=user)

    transaction.on_commit(left)


@transaction.atomic
def officer_roles_set(
    *, user, partnership: Partnership, roles: list[str], actor
) -> list[OfficerRole]:
    """Give ``user`` exactly ``roles`` in ``partnership``; each role given or
    taken away is recorded with ``actor`` in the audit trail.

    Raises ``PermissionDenied`` unless ``actor`` may manage roles, and
    ``ValidationError`` for an unknown role or no role at all (use
    ``officer_roles_revoke`` to take them all away).
    """
    if not actor.has_perm("partnerships.manage_roles", partnership):
        raise PermissionDenied
    wanted = set(roles)
    if not wanted:
        raise ValidationError(
            {"roles": "Select at least one role, or revoke their access"}
        )
    if wanted - set(OfficerRole.Role.values):
        raise ValidationError({"roles": "Select roles from the list"})
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    current = _roles_of(user, partnership)
    for role in sorted(wanted - set(current)):
        _give(user, partnership, role, actor=actor)
    for role in sorted(set(current) - wanted):
        _take(current[role], actor=actor)
    if wanted != set(current):
        log_event(
            "officer_roles_changed",
            user_id=user.pk,
            actor_id=actor.pk,
            partnership_id=partnership.pk,
            roles=sorted(wanted),
        )
    return list(OfficerRole.objects.filter(user=user, partnership=partnership))


@transaction.atomic
def officer_roles_revoke(*, user, partnership: Partnership, actor) -> int:
    """Take away every role ``user`` has in ``partnership``; return how many.

    Once committed, a user left with no role anywhere is signed out of every
    session and can reach no staff page (``StaffAccessMiddleware`` refuses
    them even where a session survives). Revoking twice changes nothing.
    """
    if not actor.has_perm("partnerships.manage_roles", partnership):
        raise PermissionDenied
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    current = _roles_of(user, partnership)
    for officer_role in current.values():
        _take(officer_role, actor=actor)
    if current:
        log_event(
            "officer_access_revoked",
            user_id=user.pk,
            actor_id=actor.pk,
            partnership_id=partnership.pk,
        )
        _after_losing_roles(user=user, partnership=partnership, actor=actor)
    return len(current)


def user_sessions_end(*, user) -> int:
    """Sign the user out of every browser: delete their sessions.

    Works with the database session engines (the default); with any other
    engine the middleware still refuses the next staff request. Returns how
    many sessions ended.
    """
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == user_id:
            store(session_key=session.session_key).delete()
            ended += 1
    if ended:
        log_event("sessions_ended", user_id=user.pk, count=ended)
    return ended

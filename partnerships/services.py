"""Writes for partnerships: inviting officers; ward contacts and places."""

import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
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
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.models import Area, OfficerRole, Partnership, WardContact
from portal.core.drafting import EditConflict
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
        officer_role, _ = OfficerRole.objects.get_or_create(
            user=user, partnership=partnership, role=role
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
        "role": officer_role.get_role_display(),
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


WARD_CONTACT_FIELDS = ("name", "email", "phone", "url", "details")


@transaction.atomic
def ward_contact_save(
    *, ward: Area, kind: str, actor, data: dict, version: int
) -> WardContact:
    """Create or change a ward's Safer Neighbourhood team or ward panel contact.

    Residents see it at once. ``version`` is the one the officer started from
    (0 for a contact that did not exist yet): if someone saved since, raises
    ``EditConflict`` with the contact as it now stands. Raises
    ``ValidationError`` for a ward that is not current, an unknown kind, or no
    way to reach the contact.
    """
    if ward.kind != Area.Kind.WARD or not ward.is_current:
        raise ValidationError("Contacts can only be kept for current wards")
    if kind not in WardContact.Kind.values:
        raise ValidationError("Choose a Safer Neighbourhood team or a ward panel")
    values = {name: (data.get(name) or "").strip() for name in WARD_CONTACT_FIELDS}
    if not values["name"]:
        raise ValidationError({"name": "Enter the name of the team or panel"})
    if not (values["email"] or values["phone"] or values["url"]):
        raise ValidationError(
            {"email": "Give an email address, a phone number or a web page"}
        )
    current = (
        WardContact.objects.select_for_update().filter(ward=ward, kind=kind).first()
    )
    if current is None:
        if version:
            raise EditConflict(WardContact(ward=ward, kind=kind, version=0))
        contact = WardContact(ward=ward, kind=kind, updated_by=actor, **values)
        contact.full_clean()
        contact.save()
        return contact
    if current.version != version:
        raise EditConflict(current)
    if all(getattr(current, name) == value for name, value in values.items()):
        return current
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = actor
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def place_wards_set(*, place: Area, wards: list[Area]) -> bool:
    """Say which current wards a place (a town centre) takes in; True if changed.

    Priorities whose places in focus include the place then show on those
    wards' pages.
    """
    if place.kind != Area.Kind.PLACE:
        raise ValidationError("Only a place takes in wards")
    for ward in wards:
        if (
            ward.kind != Area.Kind.WARD
            or not ward.is_current
            or ward.parent_id != place.parent_id
        ):
            raise ValidationError(
                {"covers": f"{ward} is not a current ward of {place.parent}"}
            )
    wanted = {w.pk for w in wards}
    if set(place.covers.values_list("pk", flat=True)) == wanted:
        return False
    place.covers.set(wards)
    return True

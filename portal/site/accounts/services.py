"""Password reset emails, sent by a worker, never in the request.

Django's own view sends the email while the request waits: 754 ms for an
address with an account against 48 ms without, which told anyone which
addresses have accounts. Here the request only looks the address up and, for
each active account, stores a task in the outbox (the same transaction; see
``portal.core.outbox``); a worker builds the one-use link and sends it. Asking
again and again is limited per email address (so per account) and per client
address, and the page the person sees is the same in every case.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.services import password_link_lifetime
from portal.core.logging import pseudonym
from portal.core.outbox import enqueue_on_commit
from portal.core.ratelimit import over_limit

SUBJECT_TEMPLATE = "account/email/password_reset_subject.txt"
BODY_TEMPLATE = "account/email/password_reset.txt"


def password_reset_queue(*, form, client_address: str) -> int:
    """Queue a reset email for each active account with the form's address.

    Returns how many were queued (0 when the address has no account, or has
    asked more than ``PASSWORD_RESET_RATE_LIMIT`` times in the window: the
    caller shows the same page either way).
    """
    from portal.site import tasks  # tasks import this module

    email = form.cleaned_data["email"]
    window = settings.PASSWORD_RESET_RATE_WINDOW_SECONDS
    # Keyed by a pseudonym: no email address is written to Redis.
    if over_limit(
        f"password-reset:email:{pseudonym(email)}",
        limit=settings.PASSWORD_RESET_RATE_LIMIT,
        window=window,
    ):
        return 0
    queued = 0
    with transaction.atomic():
        for user in form.get_users(email):
            enqueue_on_commit(tasks.send_password_reset, user.pk)
            queued += 1
    return queued


def client_over_limit(client_address: str) -> bool:
    """True once one client address has asked for too many resets."""
    return over_limit(
        f"password-reset:client:{pseudonym(client_address or 'unknown')}",
        limit=settings.PASSWORD_RESET_CLIENT_RATE_LIMIT,
        window=settings.PASSWORD_RESET_RATE_WINDOW_SECONDS,
    )


def password_reset_send(*, user_id: int) -> bool:
    """Email a one-use link to set a new password; False if nothing to send.

    The token depends on the password and last sign-in, so a link sent twice
    (a redelivered task) is the same link, and any earlier one stops working
    once the password changes.
    """
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    base = urlsplit(settings.PORTAL_BASE_URL)
    context = {
        "email": user.email,
        "domain": base.netloc,
        "site_name": settings.SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": base.scheme or "https",
        "link_lifetime": password_link_lifetime(),
    }
    subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines())
    body = render_to_string(BODY_TEMPLATE, context)
    EmailMultiAlternatives(subject, body, to=[user.email]).send()
    return True

"""Two-factor sign-in for staff (OWASP ASVS 4.0.3 2.x, 4.3.1), with django-otp.

Signing in stays as it was (email address and password, with django-axes
counting failures); afterwards, an account that needs a second factor is
signed in but not *verified*, and ``RequireTwoFactorMiddleware`` sends it
from every staff page (``/manage/``, ``/admin/``, the invitation page) to
``/account/two-factor/`` until it is:

* first time: enrolment. A TOTP key is made (django-otp's ``TOTPDevice``),
  shown as a QR code and as text for an authenticator app; the officer types
  the code the app shows, the device is confirmed, and ten one-use recovery
  codes (a ``StaticDevice``) are shown once;
* every time after: a code from the app, or one of the recovery codes.

Who needs it: every site administrator, and every officer with a role in a
partnership that requires it (``Partnership.requires_two_factor``, on by
default, set per partnership by an administrator). Wrong codes slow down
(django-otp's throttling doubles the wait after each failure) and are logged
as ``two_factor_failed`` on ``portal.security``.
"""

from urllib.parse import urlencode

import segno
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.models import OfficerRole

RECOVERY_CODES = 10
PROTECTED_PREFIXES = ("/manage/", "/admin/", "/account/invite/")
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def two_factor_required(user) -> bool:
    """Whether ``user`` must use a second factor to reach staff pages."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return OfficerRole.objects.filter(
        user=user, partnership__requires_two_factor=True
    ).exists()


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed authenticator device being set up (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (a data: URI)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4)


def base32_key(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed: base32, in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def enrolment_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with the app's code; return new recovery codes.

    None if the code is wrong. Earlier devices of the user are replaced.
    """
    if not device.verify_token(code.replace(" ", "")):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    otp_login(request, device)
    return codes


def verify(*, request, code: str) -> bool:
    """Check an app code or a recovery code; mark the session verified."""
    code = code.replace(" ", "").replace("-", "")
    user = request.user
    devices = [confirmed_totp(user)] if code.isdigit() else []
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        if device is not None and device.verify_token(code):
            otp_login(request, device)
            return True
    return False


def safe_next(request, default: str = "/manage/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class RequireTwoFactorMiddleware:
    """Keep accounts that need a second factor, and have not given it in this
    session, off staff pages. Place after django-otp's ``OTPMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path.startswith(PROTECTED_PREFIXES)
            and user.is_authenticated
            and not user.is_verified()
            and two_factor_required(user)
        ):
            return redirect(
                reverse("account:two_factor")
                + "?"
                + urlencode({"next": request.get_full_path()})
            )
        return self.get_response(request)

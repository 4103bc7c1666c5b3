"""Officers' accounts: sign in and out, password reset, invitations.

Django's authentication views do the work (safe ``next`` redirects, one-use
password links kept out of the address bar); these subclasses give them our
forms, templates and texts. No account page is ever stored by a browser or
proxy (``Cache-Control: no-store``).
"""

import logging
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, TemplateView

from partnerships.services import officer_invite, password_link_lifetime
from portal.core.security import client_ip, log_event
from portal.core.staff import NoStoreMixin, StaffMixin
from portal.site.accounts import two_factor
from portal.site.accounts.forms import (
    InvitationPasswordForm,
    NewPasswordForm,
    OfficerInviteForm,
    PasswordResetRequestForm,
    SignInForm,
    TwoFactorCodeForm,
)
from portal.site.accounts.services import client_over_limit, password_reset_queue


def account_breadcrumbs(title: str) -> list[tuple[str, str | None]]:
    return [("Home", reverse("portal:home")), (title, None)]


class AccountPageMixin(NoStoreMixin):
    """An account page: never cached, with breadcrumbs."""

    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=account_breadcrumbs(self.title), **kwargs
        )


class PasswordLinkPageMixin(AccountPageMixin):
    """An account page that says how long a password link lasts."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            link_lifetime=password_link_lifetime(), **kwargs
        )


class SignInView(AccountPageMixin, auth_views.LoginView):
    """Email address and password.

    Goes to ``next`` when it is on this site (LoginView checks it with
    ``url_has_allowed_host_and_scheme``), otherwise to LOGIN_REDIRECT_URL.
    Someone already signed in goes straight there.
    """

    title = "Sign in"
    template_name = "account/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(AccountPageMixin, auth_views.LogoutView):
    """Signs out on POST only (a link or image cannot sign anyone out)."""

    title = "Sign out"


class SignedOutView(AccountPageMixin, TemplateView):
    title = "You have signed out"
    template_name = "account/signed_out.html"


class PasswordResetView(PasswordLinkPageMixin, auth_views.PasswordResetView):
    """Asks for an email address and sends a link if it has an account.

    The next page is the same whether or not it has one.
    """

    title = "Reset your password"
    template_name = "account/password_reset.html"
    form_class = PasswordResetRequestForm
    email_template_name = "account/email/password_reset.txt"
    subject_template_name = "account/email/password_reset_subject.txt"
    success_url = reverse_lazy("account:password_reset_done")

    def post(self, request, *args, **kwargs):
        # One client address asking again and again gets 429 (it learns
        # nothing about accounts from that).
        if client_over_limit(client_ip(request)):
            window = settings.PASSWORD_RESET_RATE_WINDOW_SECONDS
            response = render(
                request,
                "429.html",
                {"retry_minutes": max(1, math.ceil(window / 60))},
                status=429,
            )
            response["Retry-After"] = str(window)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        """Queue the email (a worker sends it) and show the same page always."""
        log_event(
            "password_reset_requested",
            username=form.cleaned_data["email"],
            ip_address=client_ip(self.request),
        )
        password_reset_queue(form=form, client_address=client_ip(self.request))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(PasswordLinkPageMixin, auth_views.PasswordResetDoneView):
    title = "Check your email"
    template_name = "account/password_reset_done.html"


class PasswordResetConfirmView(
    PasswordLinkPageMixin, auth_views.PasswordResetConfirmView
):
    """Sets a new password from the link in the email.

    A link that is wrong, expired or already used shows a page that says so.
    """

    title = "Create a new password"
    template_name = "account/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("account:password_reset_complete")
    event = "password_reset"

    def form_valid(self, form):
        response = super().form_valid(form)
        log_event(
            self.event,
            user_id=self.user.pk,
            username=self.user.get_username(),
            ip_address=client_ip(self.request),
        )
        return response


class PasswordResetCompleteView(AccountPageMixin, auth_views.PasswordResetCompleteView):
    title = "Your password has been reset"
    template_name = "account/password_reset_complete.html"


class InvitationAcceptView(PasswordResetConfirmView):
    """An invited officer sets their first password from the emailed link.

    The link is checked exactly as a password reset link is.
    """

    title = "Set your password"
    template_name = "account/invitation_accept.html"
    form_class = InvitationPasswordForm
    success_url = reverse_lazy("account:invitation_complete")
    event = "invitation_accepted"


class InvitationCompleteView(AccountPageMixin, TemplateView):
    title = "Your password is set"
    template_name = "account/invitation_complete.html"


class OfficerInviteView(StaffMixin, FormView):
    """A site administrator gives someone a role in a partnership.

    Signed-in users without the permission get 404, as if the page did not
    exist; people who are not signed in are sent to sign in first.
    """

    title = "Invite an officer"
    template_name = "account/officer_invite.html"
    form_class = OfficerInviteForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require("partnerships.invite_officer")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=account_breadcrumbs(self.title),
            link_lifetime=password_link_lifetime(),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            officer_role = officer_invite(
                email=data["email"],
                partnership=data["partnership"],
                role=data["role"],
                actor=self.request.user,
                base_url_builder=self.request.build_absolute_uri,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Invitation sent to {officer_role.user.email} as "
            f"{officer_role.get_role_display().lower()} of "
            f"{officer_role.partnership.name}",
        )
        return redirect("account:invite")


class TwoFactorView(AccountPageMixin, TemplateView):
    """Enrol an authenticator app (first sign-in), or give a code (every time).

    Only for a signed-in account; see ``portal.site.accounts.two_factor``.
    """

    title = "Check it is you"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account:sign_in')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def device(self):
        return two_factor.confirmed_totp(self.request.user)

    def get(self, request, *args, **kwargs):
        next_url = two_factor.safe_next(request)
        if request.user.is_verified():
            return redirect(next_url)
        return self.render_page(self.form(initial={"next": next_url}))

    def form(self, *args, **kwargs):
        if self.device() is None:
            return TwoFactorCodeForm(
                *args,
                hint="The 6-digit code your authenticator app shows now.",
                button="Set up two-factor sign-in",
                **kwargs,
            )
        return TwoFactorCodeForm(
            *args,
            hint="The 6-digit code from your authenticator app, or one of your "
            "recovery codes.",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        code = form.cleaned_data["code"]
        next_url = two_factor.safe_next(request)
        if self.device() is None:
            codes = two_factor.enrolment_confirm(
                request=request,
                device=two_factor.enrolment_device(request.user),
                code=code,
            )
            if codes is not None:
                self.log("two_factor_enrolled")
                self.title = "Your recovery codes"
                self.template_name = "account/two_factor_recovery_codes.html"
                return self.render_to_response(
                    self.get_context_data(recovery_codes=codes, next_url=next_url)
                )
        elif two_factor.verify(request=request, code=code):
            self.log("two_factor_verified")
            return redirect(next_url)
        self.log("two_factor_failed", level=logging.WARNING)
        form.add_error(
            "code",
            "The code is not right. Enter the code your app shows now; if "
            "you tried several times, wait a minute before trying again",
        )
        return self.render_page(form)

    def log(self, event, level=logging.INFO):
        log_event(
            event,
            user_id=self.request.user.pk,
            username=self.request.user.get_username(),
            ip_address=client_ip(self.request),
            level=level,
        )

    def render_page(self, form):
        context = {"form": form}
        if self.device() is None:
            device = two_factor.enrolment_device(self.request.user)
            context.update(
                enrolling=True,
                qr_code=two_factor.qr_code_data_uri(device),
                key=two_factor.base32_key(device),
            )
            self.title = "Set up two-factor sign-in"
        self.template_name = (
            "account/two_factor_enrol.html"
            if self.device() is None
            else "account/two_factor_verify.html"
        )
        return self.render_to_response(self.get_context_data(**context))

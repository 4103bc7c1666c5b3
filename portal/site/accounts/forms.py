"""Forms for officers' accounts: sign in, password reset and invitations.

Every message follows the GOV.UK Design System's error message style: say
what happened and how to fix it, in plain English, without blaming the user.
"""

import unicodedata

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout, Size
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UsernameField,
)
from django.core.exceptions import ValidationError

from partnerships.models import OfficerRole, Partnership
from partnerships.services import EMAIL_MAX_LENGTH, email_normalise

PASSWORD_MIN_LENGTH = 12
PASSWORD_HINT = (
    f"Your password must be at least {PASSWORD_MIN_LENGTH} characters. "
    "Do not use a common password."
)
RADIOS_TEMPLATE = "account/includes/radios.html"

EMAIL_FORMAT_ERROR = (
    "Enter an email address in the correct format, like name@example.com"
)
EMAIL_TOO_LONG_ERROR = f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"

# Django's password validators by error code, in the GOV.UK voice.
PASSWORD_ERRORS = {
    "password_too_short": (
        f"Your password must be at least {PASSWORD_MIN_LENGTH} characters"
    ),
    "password_too_common": (
        "Your password is too easy to guess because it is a common password. "
        "Choose a different password"
    ),
    "password_too_similar": (
        "Your password must not be too similar to your email address"
    ),
    "password_entirely_numeric": "Your password must not be only numbers",
}

ROLE_CHOICES = [
    Choice(
        OfficerRole.Role.OFFICER,
        OfficerRole.Role.OFFICER.label,
        hint="Can see the partnership's staff pages and edit drafts of its plans "
        "and priorities.",
    ),
    Choice(
        OfficerRole.Role.EDITOR,
        OfficerRole.Role.EDITOR.label,
        hint="Can also publish and unpublish plans and priorities and change "
        "their order.",
    ),
    Choice(
        OfficerRole.Role.CONSULTATION_MANAGER,
        OfficerRole.Role.CONSULTATION_MANAGER.label,
        hint="Runs the partnership's public consultations and publishes what "
        "residents said.",
    ),
]


class GovukErrorClassesMixin:
    """Marks inputs with errors with the Design System's red border.

    crispy-forms-gds adds the error class to text inputs, selects and text
    areas only; email and password inputs and selects need it added here.
    """

    error_classes = {
        forms.EmailInput: "govuk-input--error",
        forms.PasswordInput: "govuk-input--error",
        forms.Select: "govuk-select--error",
    }

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            for widget_class, css_class in self.error_classes.items():
                if isinstance(widget, widget_class) and not isinstance(
                    widget, forms.RadioSelect
                ):
                    classes = widget.attrs.get("class", "").split()
                    if css_class not in classes:
                        widget.attrs["class"] = " ".join([*classes, css_class])


def unicode_fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def email_input(autocomplete: str = "email") -> forms.EmailInput:
    return forms.EmailInput(
        attrs={
            "autocomplete": autocomplete,
            "spellcheck": "false",
            "autocapitalize": "none",
        }
    )


def password_input(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(
        attrs={
            "autocomplete": autocomplete,
            "spellcheck": "false",
            "autocapitalize": "none",
        }
    )


def form_helper(*fields, button: str) -> FormHelper:
    """A POST form with our fields, no browser validation and one button."""
    helper = FormHelper()
    helper.form_tag = True
    helper.form_method = "post"
    # Errors come from the server in the Design System's style, not from
    # the browser's own validation bubbles.
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Button.primary("submit", button))
    return helper


class SignInForm(GovukErrorClassesMixin, AuthenticationForm):
    """Email address and password; the username is the email address."""

    username = UsernameField(
        label="Email address",
        # No account has a longer username; longer input never reaches the
        # authentication backends or django-axes' attempt log.
        max_length=EMAIL_MAX_LENGTH,
        widget=email_input(autocomplete="username"),
        error_messages={
            "required": "Enter your email address",
            "max_length": EMAIL_TOO_LONG_ERROR,
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=password_input(autocomplete="current-password"),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        # One message for every refusal, so it never tells whether an account
        # exists or is switched off.
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.helper = form_helper(
            Field.text("username"),
            Field("password"),
            button="Sign in",
        )

    def clean_username(self):
        return email_normalise(self.cleaned_data["username"])


class PasswordResetRequestForm(GovukErrorClassesMixin, PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to reset your password to this address "
        "if it belongs to an account.",
        max_length=254,
        widget=email_input(),
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_FORMAT_ERROR,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("email"), button="Send link")

    def clean_email(self):
        return email_normalise(self.cleaned_data["email"])

    def get_users(self, email):
        """Active users with this address, including invited officers.

        Django skips users without a usable password. Here they are officers
        who were invited but have not set a password yet: a reset link lets
        them do that if the invitation was lost or has expired.
        """
        email_field = get_user_model().get_email_field_name()
        candidates = get_user_model()._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        # As Django does: the database's case-insensitive match must also be
        # a Unicode one, so look-alike addresses never match.
        wanted = unicode_fold(email)
        return (
            u for u in candidates if unicode_fold(getattr(u, email_field)) == wanted
        )


class NewPasswordForm(GovukErrorClassesMixin, SetPasswordForm):
    """A new password, typed twice, checked by the password validators."""

    first_label = "New password"
    confirm_label = "Confirm new password"
    button = "Reset password"
    required_error = "Enter a new password"
    confirm_required_error = "Confirm your new password"

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = self.first_label, self.confirm_label
        first.help_text, second.help_text = PASSWORD_HINT, ""
        first.widget = password_input(autocomplete="new-password")
        second.widget = password_input(autocomplete="new-password")
        first.error_messages["required"] = self.required_error
        second.error_messages["required"] = self.confirm_required_error
        self.helper = form_helper(
            Field("new_password1"),
            Field("new_password2"),
            button=self.button,
        )

    def clean(self):
        password = self.cleaned_data.get("new_password1")
        confirmation = self.cleaned_data.get("new_password2")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except ValidationError as error:
                self.add_error(
                    "new_password1",
                    [
                        PASSWORD_ERRORS.get(item.code, " ".join(item.messages))
                        for item in error.error_list
                    ],
                )
        if password and confirmation and password != confirmation:
            self.add_error("new_password2", "The passwords do not match")
        return self.cleaned_data


class InvitationPasswordForm(NewPasswordForm):
    """The first password of an invited officer."""

    first_label = "Password"
    confirm_label = "Confirm password"
    button = "Set password"
    required_error = "Enter a password"
    confirm_required_error = "Confirm your password"


class OfficerInviteForm(GovukErrorClassesMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Use their work email address. They will sign in with it.",
        max_length=EMAIL_MAX_LENGTH,
        widget=email_input(autocomplete="off"),
        error_messages={
            "required": "Enter the officer's email address",
            "invalid": EMAIL_FORMAT_ERROR,
            "max_length": EMAIL_TOO_LONG_ERROR,
        },
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.order_by("name"),
        empty_label="Choose a partnership",
        error_messages={
            "required": "Select a partnership",
            "invalid_choice": "Select a partnership",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a role",
            "invalid_choice": "Select a role",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("email"),
            Field.select("partnership"),
            Field(
                "role",
                template=RADIOS_TEMPLATE,
                context={"legend_size": Size.for_legend(Size.MEDIUM)},
            ),
            button="Send invitation",
        )

    def clean_email(self):
        return email_normalise(self.cleaned_data["email"])


class TwoFactorCodeForm(GovukErrorClassesMixin, forms.Form):
    """The 6-digit code from an authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
        error_messages={
            "required": "Enter the code from your authenticator app",
            "max_length": "Enter the code from your authenticator app",
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, hint: str = "", button: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.helper = form_helper(
            Field.text("code", field_width=Fixed.TEN), "next", button=button
        )


class OfficerRolesForm(GovukErrorClassesMixin, forms.Form):
    """Which roles an officer has in one partnership."""

    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. To take away every role, revoke their "
        "access instead.",
        error_messages={
            "required": "Select at least one role, or revoke their access",
            "invalid_choice": "Select roles from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.checkboxes("roles", legend_size=Size.MEDIUM), button="Save roles"
        )

"""Public forms: a resident's response to a consultation, and a subscription.

The response form gets its answer fields from ``engagement.answer_fields``, the
same builder as the staff key-in form and preview. The answers are checked by
``clean_answers`` alone, so the messages residents see are the service's; the
form adds the guards of ``engagement.protection``.
"""

import secrets
import uuid

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from engagement import protection
from engagement.answer_fields import AnswerFieldsMixin
from engagement.services import clean_answers
from portal.core.protection import FORM_KEY
from portal.core.public_forms import (
    SUBMIT_BUTTON,
    honeypot_field,
    honeypot_layout,
)
from portal.core.staff_forms import add_service_errors

FORM_CHECK_FAILED = "Check your answers and send them again"
SUBSCRIBE_CHECK_FAILED = "Check your email address and send it again"
EMAIL_MAX_LENGTH = 254
EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer",
}


class PublicForm(forms.Form):
    """GOV.UK error summary links, and a honeypot that is emptied on redisplay."""

    # GOV.UK forms validate on the server only; no browser pop-ups.
    use_required_attribute = False
    guard_message = FORM_CHECK_FAILED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard_failed = False

    def check_guards(self, cleaned_data) -> bool:
        """True when the form passes the anti-abuse checks."""
        return not protection.honeypot_filled(
            cleaned_data.get(protection.HONEYPOT_FIELD)
        )

    def clean(self):
        cleaned_data = super().clean()
        if not self.check_guards(cleaned_data):
            self.guard_failed = True
            self.add_error(None, self.guard_message)
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        if self.guard_failed:
            # Shown again with fresh guards, so a person is never stuck.
            self.data = self.data.copy()
            self.renew_guards(self.data)

    def renew_guards(self, data) -> None:
        data[protection.HONEYPOT_FIELD] = ""

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names."""
        add_service_errors(self, error)

    @staticmethod
    def input_id(bound_field) -> str:
        """The id of the first input of a field, where the summary links go."""
        if isinstance(
            bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            # crispy-forms-gds numbers radios and checkboxes from 1.
            return f"{bound_field.auto_id}_1"
        return bound_field.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """(link target, message) for each error, in the order of the page."""
        visible = self.visible_fields()
        first = self.input_id(visible[0]) if visible else ""
        links = [(first, message) for message in self.non_field_errors()]
        for bound_field in visible:
            links += [(self.input_id(bound_field), m) for m in bound_field.errors]
        return links


class ResponseForm(AnswerFieldsMixin, PublicForm):
    """A resident's answers, an optional email address for a receipt, and the
    guards: a honeypot, a signed start time and the idempotency key."""

    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        error_messages=EMAIL_ERRORS,
    )
    website = honeypot_field()
    # A new key each time the form is shown; kept through error pages so a
    # double click or a retried POST stores one response.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, consultation, questions=None, saved=None, **kwargs):
        """One page with every question, or (``questions=[]``) the last step of
        a form of several pages, whose answers so far are ``saved`` (from the
        session, by field name)."""
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.saved = dict(saved or {})
        answers = self.add_answer_fields(
            consultation=consultation,
            questions=consultation.questions.all() if questions is None else questions,
        )
        self.order_fields(self.answer_names + list(self.equality_names))
        self.fields["email"].help_text = escape(
            "We will email you your reference number. We keep your address until "
            f"{consultation.retention_months} months after the consultation "
            "closes, then delete it."
        )
        if not self.is_bound and "idempotency_key" not in self.initial:
            key = uuid.uuid4().hex
            self.initial["idempotency_key"] = key
            self.initial["started"] = protection.started_token(form_key=key)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *answers,
            Field.text(
                "email",
                label_size=Size.SMALL,
                field_width=Fluid.TWO_THIRDS,
                autocomplete="email",
                spellcheck="false",
            ),
            honeypot_layout(),
            "idempotency_key",
            "started",
            HTML(SUBMIT_BUTTON.format("Send your response")),
        )

    def check_guards(self, cleaned_data) -> bool:
        key = cleaned_data.get("idempotency_key", "")
        return (
            super().check_guards(cleaned_data)
            and FORM_KEY.fullmatch(key) is not None
            and protection.check_started(cleaned_data.get("started", ""), form_key=key)
            is protection.Started.OK
        )

    def renew_guards(self, data) -> None:
        super().renew_guards(data)
        key = data.get("idempotency_key", "")
        if not FORM_KEY.fullmatch(key):
            key = data["idempotency_key"] = uuid.uuid4().hex
        data["started"] = protection.started_token(form_key=key)

    def clean(self):
        cleaned_data = super().clean()
        answers = {
            **self.saved,
            **{
                name: cleaned_data.get(name)
                for name in self.answer_names
                if name not in self.errors
            },
        }
        try:
            clean_answers(consultation=self.consultation, data=answers)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields:
                    if name not in self.errors:
                        self.add_error(name, messages)
                else:
                    # An answer given on an earlier page: "Change" it there.
                    for message in messages:
                        self.add_error(None, message)
        return cleaned_data

    def answers(self) -> dict:
        """The answers so far and this page's, by field name, for response_submit."""
        return {**self.saved, **super().answers()}


# Stand-ins for one showing's own values in a blank response form's markup,
# random for each process so that no question text can contain one.
_SHOWING = secrets.token_hex(16)
_CSRF, _KEY, _STARTED = (f"{_SHOWING}{part}" for part in ("csrf", "key", "started"))
# Blank response forms kept per process, one per version of a consultation.
BLANK_FORMS_KEPT = 64
_blank_forms: dict[tuple, str] = {}


def _row(instance) -> tuple:
    return tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)


def _blank_form_version(form: ResponseForm) -> tuple:
    """Everything a blank response form's markup is made from: the
    consultation's row, each question's and option's, and where it is sent."""
    return (
        _row(form.consultation),
        tuple(
            (_row(question), tuple(_row(choice) for choice in question.choices.all()))
            for question in form.questions
        ),
        form.helper.form_action,
    )


def is_blank_response_form(form) -> bool:
    """A response form as first shown: unbound, and nothing filled in but its
    idempotency key and signed start time."""
    return (
        isinstance(form, ResponseForm)
        and not form.is_bound
        and set(form.initial) <= {"idempotency_key", "started"}
    )


def blank_response_form_html(form: ResponseForm, *, csrf_token: str) -> str:
    """The markup ``{% crispy form %}`` gives a blank ``ResponseForm``.

    Rendering a form through crispy-forms' layout is most of the work of a
    consultation page (bench/run.py's submissions fetch it before each POST),
    yet all of it but three values is the same for every resident: it is
    rendered once per process for each version of the consultation and its
    questions, and this showing's CSRF token, idempotency key and signed start
    time are put in. A form with errors or answers is rendered by crispy-forms
    as usual (``{% response_form %}``, engagement/templatetags).
    """
    if not is_blank_response_form(form):
        raise ValueError("Only a blank form is the same for everyone")
    version = _blank_form_version(form)
    html = _blank_forms.get(version)
    if html is None:
        model = ResponseForm(
            consultation=form.consultation,
            questions=form.questions,
            initial={"idempotency_key": _KEY, "started": _STARTED},
        )
        model.helper.form_action = form.helper.form_action
        html = render_crispy_form(model, context={"csrf_token": _CSRF})
        if len(_blank_forms) >= BLANK_FORMS_KEPT:
            _blank_forms.clear()
        _blank_forms[version] = html
    html = (
        html.replace(_CSRF, escape(csrf_token))
        .replace(_KEY, escape(form.initial["idempotency_key"]))
        .replace(_STARTED, escape(form.initial["started"]))
    )
    return mark_safe(html)  # noqa: S308 - our own markup, the values escaped


class ResponsePageForm(AnswerFieldsMixin, PublicForm):
    """One page of a consultation split into pages: its questions and a
    honeypot. The answers go into the session (``engagement.views``); only the
    last step (``ResponseForm`` with no questions) sends the response.

    ``saved``: the answers of earlier pages, which decide whether a question
    is asked; errors are given for this page's questions only.
    """

    website = honeypot_field()

    def __init__(self, *args, consultation, questions, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.saved = dict(saved or {})
        # The equality section belongs to the last step: only questions here.
        answers = self.add_answer_fields(consultation=_NoEquality, questions=questions)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *answers, honeypot_layout(), HTML(SUBMIT_BUTTON.format("Continue"))
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.guard_failed:
            return cleaned_data
        answers = {
            **self.saved,
            **{name: cleaned_data.get(name) for name in self.answer_names},
        }
        try:
            clean_answers(
                consultation=self.consultation,
                data=answers,
                only=set(self.answer_names) - set(self.errors),
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name, messages)
        return cleaned_data

    def page_answers(self) -> dict:
        """This page's answers by field name, as they go into the session."""
        return {
            name: value
            for name in self.answer_names
            if (value := self.cleaned_data.get(name)) not in (None, "", [])
        }


class _NoEquality:
    """Stands for a consultation without the equality section."""

    has_equality_section = False


class SubscribeForm(PublicForm):
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="We will send you an email to check it is your address.",
        error_messages=EMAIL_ERRORS,
    )
    website = honeypot_field()
    guard_message = SUBSCRIBE_CHECK_FAILED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text(
                "email",
                label_size=Size.SMALL,
                field_width=Fluid.TWO_THIRDS,
                autocomplete="email",
                spellcheck="false",
            ),
            honeypot_layout(),
            HTML(SUBMIT_BUTTON.format("Subscribe")),
        )

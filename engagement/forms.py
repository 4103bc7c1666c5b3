"""Public forms: a resident's response to a consultation, and a subscription.

The response form is built from the consultation's own questions. Its fields
are named ``field_name(question)`` ("q<id>") so that the errors of
``clean_answers`` (and of ``response_submit``) land on the right field. The
answers are checked by ``clean_answers`` alone, so the messages residents see
are the service's; the form adds the guards of ``engagement.protection``.

Labels and hints go through ``escape``: the GOV.UK templates print them with
``|safe``, and question text is typed by officers.
"""

import re
import uuid

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape

from engagement import protection
from engagement.models import EqualityAnswer, Question
from engagement.services import clean_answers, field_name
from portal.core.staff_forms import add_service_errors

FORM_CHECK_FAILED = "Check your answers and send them again"
SUBSCRIBE_CHECK_FAILED = "Check your email address and send it again"
EMAIL_MAX_LENGTH = 254
EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer",
}
# Questions with more options than this get smaller radio buttons.
MANY_OPTIONS = 12
FORM_KEY = re.compile(r"[0-9a-f]{32}")

EQUALITY_QUESTIONS = {
    "age_band": "What is your age?",
    "sex": "What is your sex?",
    "ethnicity": "What is your ethnic group?",
    "disability": "Do you consider yourself to be disabled?",
}
EQUALITY_INTRO = """
<h2 class="govuk-heading-m" id="equality">Equality monitoring (optional)</h2>
<p class="govuk-body">These questions help the partnership check that it hears
from every part of the community. You do not have to answer them.</p>
<p class="govuk-body">Your answers here are stored apart from your response,
with nothing to link them to it, and are reported only as totals. Groups of
fewer than 10 people are not shown.</p>
"""
SUBMIT_BUTTON = (
    '<button type="submit" class="govuk-button" data-module="govuk-button" '
    'data-prevent-double-click="true">{}</button>'
)


class AllValuesRadioSelect(forms.RadioSelect):
    """Radios that pass on every value sent for them, not just the last one.

    A browser sends one value for a set of radios; a forged POST may send two,
    which clean_answers then refuses rather than the form quietly picking one.
    """

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if isinstance(values, list) and len(values) == 1:
            return values[0]
        return values


class AnswerChoiceField(forms.ChoiceField):
    """One option. Whether it is one of this question's is for clean_answers."""

    widget = AllValuesRadioSelect

    def to_python(self, value):
        if isinstance(value, list | tuple) and value:
            return [str(v) for v in value]
        return super().to_python(value)

    def validate(self, value):
        pass


class AnswerMultipleChoiceField(forms.MultipleChoiceField):
    """Several options, checked by clean_answers like AnswerChoiceField."""

    def validate(self, value):
        pass


def honeypot_field() -> forms.CharField:
    return forms.CharField(label="Leave this field blank", required=False)


def honeypot_layout() -> Div:
    """The honeypot, hidden from sight and from assistive technology alike."""
    return Div(
        Field.text(protection.HONEYPOT_FIELD, tabindex="-1", autocomplete="off"),
        css_class="app-honeypot",
        aria_hidden="true",
    )


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


class ResponseForm(PublicForm):
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

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.all())
        self.answer_names = [field_name(q) for q in self.questions]
        for question, name in zip(self.questions, self.answer_names, strict=True):
            self.fields[name] = question_field(question)
        self.equality_names = (
            list(EQUALITY_QUESTIONS) if consultation.has_equality_section else []
        )
        for name in self.equality_names:
            self.fields[name] = equality_field(name)
        self.order_fields(self.answer_names + self.equality_names)
        self.fields["email"].help_text = escape(
            "We will email you your reference number. We keep your address until "
            f"{consultation.retention_months} months after the consultation "
            "closes, then delete it."
        )
        if not self.is_bound:
            key = uuid.uuid4().hex
            self.initial["idempotency_key"] = key
            self.initial["started"] = protection.started_token(form_key=key)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        questions = [
            question_layout(question, name)
            for question, name in zip(self.questions, self.answer_names, strict=True)
        ]
        equality = [
            Field.radios(name, legend_size=Size.SMALL, small=True)
            for name in self.equality_names
        ]
        if equality:
            equality.insert(0, HTML(EQUALITY_INTRO))
        self.helper.layout = Layout(
            *questions,
            *equality,
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
            name: cleaned_data.get(name)
            for name in self.answer_names
            if name not in self.errors
        }
        try:
            clean_answers(consultation=self.consultation, data=answers)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
        return cleaned_data

    def answers(self) -> dict:
        """The answers by field name, for response_submit; nothing else sent."""
        return {name: self.cleaned_data.get(name) for name in self.answer_names}

    def equality(self) -> dict | None:
        if not self.equality_names:
            return None
        return {name: self.cleaned_data.get(name) or "" for name in self.equality_names}


def question_field(question: Question) -> forms.Field:
    """An optional Django field: required answers are checked by clean_answers."""
    label = question.text if question.required else f"{question.text} (optional)"
    hint = question.hint
    if question.kind == Question.Kind.MULTIPLE_CHOICE and not hint:
        hint = "Select all that apply."
    options = {"label": escape(label), "help_text": escape(hint), "required": False}
    if question.kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(**options)
    if question.kind == Question.Kind.LONG_TEXT:
        # crispy-forms-gds 2.0.1 reads this attribute when it adds the character
        # count's message to it, and fails if a hintless textarea lacks it.
        widget = forms.Textarea(attrs={"aria-describedby": ""})
        return forms.CharField(widget=widget, **options)
    choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return AnswerMultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    return AnswerChoiceField(choices=choices, **options)


def question_layout(question: Question, name: str) -> Field:
    if question.kind == Question.Kind.SHORT_TEXT:
        return Field.text(name, label_size=Size.SMALL)
    if question.kind == Question.Kind.LONG_TEXT:
        return Field.textarea(
            name, label_size=Size.SMALL, rows=5, max_characters=question.max_length
        )
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return Field.checkboxes(name, legend_size=Size.SMALL)
    many = len(question.choices.all()) > MANY_OPTIONS
    return Field.radios(
        name,
        legend_size=Size.SMALL,
        small=many,
        inline=question.kind == Question.Kind.YES_NO,
    )


def equality_field(name: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=EQUALITY_QUESTIONS[name] + " (optional)",
        choices=EqualityAnswer._meta.get_field(name).choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the options given"},
    )


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

"""Residents' alert forms: subscribe, and manage what to hear about.

Built on the consultation forms' ``PublicForm``: the GOV.UK error summary with
links to the first checkbox or radio of a question, and a honeypot. Choices
are checked again by the services, whose errors land on the same fields.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size
from django import forms

from engagement.forms import EMAIL_ERRORS, EMAIL_MAX_LENGTH, PublicForm
from opendata.alerts.selectors import OFFERED_TOPICS
from opendata.models import Subscriber
from portal.core.public_forms import SUBMIT_BUTTON, honeypot_field, honeypot_layout

TOPIC_HINTS = {
    "consultations": "When the partnership asks residents for their views.",
    "results": "What people said in a consultation, and what the partnership did.",
    "publications": "New or updated plans, strategies, reports and priorities.",
    "meetings": "Public meetings, boards and ward panels coming up.",
    "crime_summary": "Police.uk figures for your area when a new month arrives.",
}
FREQUENCY_LABELS = {
    Subscriber.Frequency.IMMEDIATE: "Straight away: one email for each thing",
    Subscriber.Frequency.WEEKLY: "Once a week: a summary every Monday morning",
}
SUBSCRIBE_CHECK_FAILED = "Check your answers and send them again"


def topics_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="What do you want to hear about?",
        help_text="Select all that apply.",
        choices=[Choice(t.value, t.label, hint=TOPIC_HINTS[t]) for t in OFFERED_TOPICS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one thing to hear about",
            "invalid_choice": "Choose from the things listed",
        },
    )


def frequency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="How often do you want emails?",
        choices=list(FREQUENCY_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how often to get emails",
            "invalid_choice": "Choose how often to get emails",
        },
    )


class ChoicesLayoutMixin:
    def choices_layout(self) -> list:
        return [
            Field.checkboxes("topics", legend_size=Size.SMALL),
            Field.radios("frequency", legend_size=Size.SMALL),
        ]


class SubscribeForm(ChoicesLayoutMixin, PublicForm):
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="We will send you an email to check it is your address.",
        error_messages=EMAIL_ERRORS,
    )
    ward = forms.ChoiceField(
        label="Which area?",
        required=False,
        help_text="Choose a ward to get its own crime summary. Everything else "
        "covers the whole partnership.",
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )
    topics = topics_field()
    frequency = frequency_field()
    website = honeypot_field()
    guard_message = SUBSCRIBE_CHECK_FAILED

    def __init__(self, *args, partnership, wards, **kwargs):
        super().__init__(*args, **kwargs)
        self.wards = {str(w.pk): w for w in wards}
        self.fields["ward"].choices = [
            ("", f"All of {partnership.area.name}"),
            *[(key, ward.name) for key, ward in self.wards.items()],
        ]
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
            *([Field.select("ward", label_size=Size.SMALL)] if self.wards else []),
            *self.choices_layout(),
            honeypot_layout(),
            HTML(SUBMIT_BUTTON.format("Subscribe")),
        )
        if not self.wards:
            del self.fields["ward"]

    def chosen_ward(self):
        return self.wards.get(self.cleaned_data.get("ward") or "")


class ManageForm(ChoicesLayoutMixin, PublicForm):
    topics = topics_field()
    frequency = frequency_field()

    def __init__(self, *args, subscriber=None, **kwargs):
        if subscriber is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "topics": [t for t in subscriber.topics if t in OFFERED_TOPICS],
                "frequency": subscriber.frequency,
            }
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *self.choices_layout(), HTML(SUBMIT_BUTTON.format("Save your choices"))
        )

    def check_guards(self, cleaned_data) -> bool:
        return True  # no honeypot: reached only through a secret link

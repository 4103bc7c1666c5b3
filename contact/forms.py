"""The public contact form and the officers' reply and status forms."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings

from contact.models import ContactMessage
from contact.services import BODY_MAX_LENGTH, REPLY_MAX_LENGTH
from portal.core.public_forms import SUBMIT_BUTTON, GuardedForm, honeypot_layout

EMAIL_MAX_LENGTH = 254


class ContactForm(GuardedForm):
    name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "Your name must be 100 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="We will only use this to reply to you.",
        error_messages={
            "required": "Enter your email address, so that we can reply",
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com",
            "max_length": f"Email address must be {EMAIL_MAX_LENGTH} characters or "
            "fewer",
        },
    )
    topic = forms.ChoiceField(
        label="What is your message about?",
        choices=ContactMessage.Topic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what your message is about",
            "invalid_choice": "Select what your message is about",
        },
    )
    body = forms.CharField(
        label="Your message",
        max_length=BODY_MAX_LENGTH,
        # crispy-forms-gds adds the character count's message to this attribute.
        widget=forms.Textarea(attrs={"aria-describedby": ""}),
        help_text="Do not include personal details of other people.",
        error_messages={
            "required": "Enter your message",
            "max_length": f"Your message must be {BODY_MAX_LENGTH} characters or fewer",
        },
    )
    guard_message = "Check your message and send it again"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text(
                "name",
                label_size=Size.SMALL,
                field_width=Fluid.TWO_THIRDS,
                autocomplete="name",
                spellcheck="false",
            ),
            Field.text(
                "email",
                label_size=Size.SMALL,
                field_width=Fluid.TWO_THIRDS,
                autocomplete="email",
                spellcheck="false",
            ),
            Field.radios("topic", legend_size=Size.SMALL, small=True),
            Field.textarea(
                "body", label_size=Size.SMALL, rows=8, max_characters=BODY_MAX_LENGTH
            ),
            honeypot_layout(),
            "idempotency_key",
            "started",
            HTML(SUBMIT_BUTTON.format("Send message")),
        )

    def guard_limits(self):
        return settings.CONTACT_MIN_SECONDS, settings.CONTACT_FORM_MAX_AGE_SECONDS

    def message_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("name", "email", "topic", "body")
        }


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"aria-describedby": ""}),
        help_text="Sent by email from the portal. Replies to it go to the "
        "partnership's inbox.",
        error_messages={
            "required": "Enter your reply",
            "max_length": f"Your reply must be {REPLY_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea(
                "body", label_size=Size.SMALL, rows=10, max_characters=REPLY_MAX_LENGTH
            ),
            HTML('<div class="govuk-button-group">'),
            Button("send", "Send reply"),
            HTML("</div>"),
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ContactMessage.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a status",
            "invalid_choice": "Select a status",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL, small=True, inline=True),
            Button.secondary("save", "Change status"),
        )

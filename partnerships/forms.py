"""Staff forms of the partnerships app: a ward's contacts."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fluid, Layout, Size
from django import forms

from portal.core.staff_forms import VersionedForm


class WardContactForm(VersionedForm):
    """A ward's Safer Neighbourhood team or ward panel: how residents reach it."""

    # 0: the contact does not exist yet.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    name = forms.CharField(
        max_length=200,
        help_text="A team or panel, not a person. For example, Kingston Town Safer "
        "Neighbourhood Team.",
        error_messages={"required": "Enter the name of the team or panel"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com"
        },
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    url = forms.URLField(
        label="Web page",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like "
            "https://www.example.org"
        },
    )
    details = forms.CharField(
        label="Anything else residents should know",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, when and where the panel meets.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", label_size=Size.SMALL, field_width=Fluid.FULL),
            Field.text("email", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("phone", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD),
            Field.text("url", label_size=Size.SMALL, field_width=Fluid.FULL),
            Field.textarea("details", label_size=Size.SMALL),
            "version",
            HTML('<div class="govuk-button-group">'),
            Button("save", "Save"),
            HTML("</div>"),
        )

    def clean(self):
        cleaned = super().clean()
        unreachable = not any(cleaned.get(n) for n in ("email", "phone", "url"))
        if unreachable and not (self.has_error("email") or self.has_error("url")):
            self.add_error(
                "email", "Give an email address, a phone number or a web page"
            )
        return cleaned

    def draft_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version", None)
        return values

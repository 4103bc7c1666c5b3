"""Staff forms for statutory deadlines."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

EVIDENCE_EXAMPLE = "https://www.example.org/minutes"


class DeadlineCompleteForm(forms.Form):
    """Mark a deadline done: the link to what shows it was done."""

    evidence_url = forms.URLField(
        label="Link to the evidence",
        max_length=500,
        assume_scheme="https",
        # A text input: browsers must not check it before the GOV.UK errors do.
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text=(
            "For example, the published document, the minutes of the meeting or "
            "the data sharing return. Use an address your colleagues can open."
        ),
        error_messages={
            "required": f"Enter a link to the evidence, like {EVIDENCE_EXAMPLE}",
            "invalid": (
                "Enter the link to the evidence in the correct format, "
                f"like {EVIDENCE_EXAMPLE}"
            ),
            "max_length": "The link must be 500 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("evidence_url", label_size=Size.SMALL, field_width=Fluid.FULL),
            Button.primary("complete", "Mark as done"),
        )

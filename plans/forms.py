"""Staff forms for plans and their sections."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout, Size
from django import forms

from portal.core.staff_forms import (
    MARKDOWN_HINT,
    MarkdownField,
    VersionedForm,
    save_buttons,
)


class PlanForm(VersionedForm):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the title of the document"}
    )
    summary = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    start_year = forms.IntegerField(
        label="First year of the period",
        required=False,
        min_value=1998,
        max_value=2100,
        help_text="For example, 2024",
        error_messages={
            "invalid": "Enter the first year as a number, like 2024",
            "min_value": "The first year must be 1998 or later",
            "max_value": "The first year must be 2100 or earlier",
        },
    )
    end_year = forms.IntegerField(
        label="Last year of the period",
        required=False,
        min_value=1998,
        max_value=2110,
        help_text="For example, 2029",
        error_messages={
            "invalid": "Enter the last year as a number, like 2029",
            "min_value": "The last year must be 1998 or later",
            "max_value": "The last year must be 2110 or earlier",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.textarea("summary", label_size=Size.SMALL),
            Field.text("start_year", label_size=Size.SMALL, field_width=Fixed.FOUR),
            Field.text("end_year", label_size=Size.SMALL, field_width=Fixed.FOUR),
            "version",
            *save_buttons(),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if "start_year" in cleaned and "end_year" in cleaned:
            if (start is None) != (end is None):
                missing = "end_year" if end is None else "start_year"
                self.add_error(missing, "Enter both years of the period, or neither")
            elif start is not None and end < start:
                self.add_error(
                    "end_year",
                    "The last year must be the same as or after the first year",
                )
            elif start is not None and end > start + 10:
                self.add_error("end_year", "A period can be at most 10 years long")
        return cleaned

    def draft_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version")
        return values


class SectionForm(VersionedForm):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title for the section"}
    )
    body = MarkdownField(
        label="Text",
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HINT,
        error_messages={"required": "Enter the text of the section"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.textarea("body", label_size=Size.SMALL),
            "version",
            *save_buttons(preview=True),
        )

    def draft_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version")
        return values

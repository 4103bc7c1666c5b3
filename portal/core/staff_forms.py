"""Form pieces shared by the staff editing forms."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import HTML, Button
from django import forms
from django.core.exceptions import ValidationError

from portal.core.markdown import check_markdown

MARKDOWN_HINT = (
    "You can use Markdown: a blank line between paragraphs, * or - for a bulleted "
    "list, **bold** and [link text](https://example.org)."
)


class DayMonthYearField(DateInputField):
    """A GOV.UK date input whose every impossible date is a field error.

    crispy-forms-gds turns 31 February into an error but lets an absurd year
    (99999999999999999999) escape as an OverflowError, a 500. Years outside
    ``MIN_YEAR``-``MAX_YEAR`` are refused too: nothing the portal schedules is
    that far off, and date arithmetic near year 9999 overflows later.
    """

    MIN_YEAR, MAX_YEAR = 1900, 2200
    invalid_message = "Enter a real date, like 31 3 2027"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self.invalid_message, code="invalid_date") from None
        if not self.MIN_YEAR <= value.year <= self.MAX_YEAR:
            raise ValidationError(
                f"The year must be between {self.MIN_YEAR} and {self.MAX_YEAR}",
                code="year_out_of_range",
            )
        return value


class MarkdownField(forms.CharField):
    """Officers' Markdown: refused when saved if it cannot be shown safely."""

    default_validators = [check_markdown]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", MARKDOWN_HINT)
        super().__init__(*args, **kwargs)


class VersionedForm(forms.Form):
    """A form that edits a versioned item; ``version`` detects edit conflicts."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, context: dict | None = None, **kwargs):
        # What the choices depend on, e.g. {"plan": plan}.
        self.context = context or {}
        super().__init__(*args, **kwargs)

    def with_version(self, version: int):
        """A copy of this bound form whose hidden version is ``version``."""
        data = self.data.copy()
        data["version"] = str(version)
        return type(self)(data=data, context=self.context)


def button_group(*buttons) -> list:
    """Layout items that put ``buttons`` in a GOV.UK button group."""
    return [HTML('<div class="govuk-button-group">'), *buttons, HTML("</div>")]


def save_buttons(*, preview: bool = False):
    """Save draft (and optionally Preview) buttons, in GOV.UK button-group style."""
    buttons = [Button("save", "Save draft")]
    if preview:
        buttons.append(Button.secondary("preview", "Preview"))
    return button_group(*buttons)


def add_service_errors(form: forms.Form, error: ValidationError, aliases=None) -> None:
    """Put a service's ValidationError on the form.

    Messages keyed by a field name (or an alias of one) go on that field, so the
    error summary links to it; anything else goes at the top of the summary.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    aliases = aliases or {}
    for name, problems in error.message_dict.items():
        name = aliases.get(name, name)
        form.add_error(name if name in form.fields else None, problems)

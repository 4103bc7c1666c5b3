"""When a consultation opens and closes."""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.core.staff_forms import DayMonthYearField, button_group

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class WhenField(DayMonthYearField):
    """A GOV.UK date input whose messages say which date is wrong and how."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter the date the consultation {what}"
        self.error_messages["incomplete"] = (
            f"The date the consultation {what} must include a day, month and year"
        )

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            if error.code == "year_out_of_range":
                raise
            raise ValidationError(
                f"The date the consultation {self.what} must be a real date"
            ) from None


class ScheduleForm(forms.Form):
    """Opening and closing: a GOV.UK date input and a 24-hour time each."""

    opens_on = WhenField(
        what="opens", label="Opening date", help_text="For example, 1 6 2026"
    )
    opens_time = forms.CharField(
        label="Opening time",
        help_text="Use the 24-hour clock, for example 09:00",
        error_messages={"required": "Enter the time the consultation opens"},
    )
    closes_on = WhenField(
        what="closes", label="Closing date", help_text="For example, 30 6 2026"
    )
    closes_time = forms.CharField(
        label="Closing time",
        help_text="Use the 24-hour clock, for example 23:59",
        error_messages={"required": "Enter the time the consultation closes"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("opens_on"),
            Field.text("opens_time", field_width=Fixed.FIVE),
            Field("closes_on"),
            Field.text("closes_time", field_width=Fixed.FIVE),
            *button_group(Button("save", "Schedule")),
        )

    @staticmethod
    def initial_for(consultation) -> dict:
        initial = {"opens_time": "09:00", "closes_time": "23:59"}
        for prefix, value in (
            ("opens", consultation.opens_at),
            ("closes", consultation.closes_at),
        ):
            if value is not None:
                local = timezone.localtime(value)
                initial[f"{prefix}_on"] = local.date()
                initial[f"{prefix}_time"] = local.strftime("%H:%M")
        return initial

    @staticmethod
    def _time(value: str, what: str) -> datetime.time:
        match = TIME_PATTERN.match(value.strip())
        if not match:
            raise ValidationError(
                f"Enter the time the consultation {what} using the 24-hour clock, "
                "like 09:00"
            )
        return datetime.time(int(match[1]), int(match[2]))

    def clean_opens_time(self):
        return self._time(self.cleaned_data["opens_time"], "opens")

    def clean_closes_time(self):
        return self._time(self.cleaned_data["closes_time"], "closes")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        opens_at = timezone.make_aware(
            datetime.datetime.combine(cleaned["opens_on"], cleaned["opens_time"])
        )
        closes_at = timezone.make_aware(
            datetime.datetime.combine(cleaned["closes_on"], cleaned["closes_time"])
        )
        if closes_at <= opens_at:
            self.add_error(
                "closes_on", "The closing date and time must be after the opening"
            )
        elif closes_at <= timezone.now():
            self.add_error(
                "closes_on", "The closing date and time must be in the future"
            )
        cleaned["opens_at"], cleaned["closes_at"] = opens_at, closes_at
        return cleaned

"""Officers' forms for meetings: details, documents and attendance."""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from meetings.models import Meeting, MeetingDocument
from portal.core.staff_forms import (
    DayMonthYearField,
    MarkdownField,
    VersionedForm,
    save_buttons,
)

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# Meetings this portal records: from the 1998 Act's first partnerships on.
FIRST_YEAR, LAST_YEAR = 1998, 2100


class MeetingDateField(DayMonthYearField):
    """A GOV.UK date input whose messages say what is wrong and how to fix it;
    an impossible date or a year outside ``FIRST_YEAR``-``LAST_YEAR`` is a
    field error (portal.core.staff_forms.DayMonthYearField)."""

    MIN_YEAR, MAX_YEAR = FIRST_YEAR, LAST_YEAR
    invalid_message = "The date of the meeting must be a real date"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the date of the meeting"
        self.error_messages["incomplete"] = (
            "The date of the meeting must include a day, month and year"
        )


def _time(value: str, what: str) -> datetime.time:
    match = TIME_PATTERN.match((value or "").strip())
    if not match:
        raise ValidationError(
            f"Enter the time the meeting {what} using the 24-hour clock, like 18:30"
        )
    return datetime.time(int(match[1]), int(match[2]))


class MeetingForm(VersionedForm):
    title = forms.CharField(
        max_length=200,
        help_text="For example, Annual public meeting or Ward panel: Canbury",
        error_messages={"required": "Enter a title for the meeting"},
    )
    kind = forms.ChoiceField(
        label="What kind of meeting is it?",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of meeting it is"},
    )
    ward = forms.ModelChoiceField(
        label="Ward (optional for meetings other than ward panels)",
        queryset=None,
        required=False,
        empty_label="Not for one ward",
    )
    date = MeetingDateField(label="Date", help_text="For example, 12 3 2027")
    start_time = forms.CharField(
        label="Start time",
        help_text="Use the 24-hour clock, for example 18:30",
        error_messages={"required": "Enter the time the meeting starts"},
    )
    end_time = forms.CharField(
        label="End time",
        help_text="Use the 24-hour clock, for example 20:30",
        error_messages={"required": "Enter the time the meeting ends"},
    )
    place = forms.CharField(
        label="Place (optional if the meeting is online only)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The venue and its address, with the postcode.",
    )
    accessibility = forms.CharField(
        label="Accessibility (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Step-free access, hearing loop, British Sign Language, and how "
        "to ask for anything else.",
    )
    online_url = forms.URLField(
        label="Online joining link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the joining link as a web address, like "
            "https://meet.example.org/safer"
        },
    )
    summary = MarkdownField(
        label="What will be discussed (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    # Names of the values a draft holds that are not fields of the form.
    draft_labels = {"starts_at": "Starts", "ends_at": "Ends"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = self.context["wards"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.select("ward", label_size=Size.SMALL),
            Field("date"),
            Field.text("start_time", label_size=Size.SMALL, field_width=Fixed.FIVE),
            Field.text("end_time", label_size=Size.SMALL, field_width=Fixed.FIVE),
            Field.textarea("place", label_size=Size.SMALL),
            Field.textarea("accessibility", label_size=Size.SMALL),
            Field.text("online_url", label_size=Size.SMALL, field_width=Fluid.FULL),
            Field.textarea("summary", label_size=Size.SMALL),
            "version",
            *save_buttons(preview=True),
        )

    @staticmethod
    def initial_from(values: dict) -> dict:
        """Form values from a meeting's working copy."""
        initial = dict(values)
        starts, ends = values.get("starts_at"), values.get("ends_at")
        if starts is not None:
            initial["date"] = starts.date()
            initial["start_time"] = starts.strftime("%H:%M")
        if ends is not None:
            initial["end_time"] = ends.strftime("%H:%M")
        return initial

    def clean_start_time(self):
        return _time(self.cleaned_data["start_time"], "starts")

    def clean_end_time(self):
        return _time(self.cleaned_data["end_time"], "ends")

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if day is not None and start is not None and end is not None:
            if end <= start:
                self.add_error("end_time", "The meeting must end after it starts")
            else:
                cleaned["starts_at"] = timezone.make_aware(
                    datetime.datetime.combine(day, start)
                )
                cleaned["ends_at"] = timezone.make_aware(
                    datetime.datetime.combine(day, end)
                )
        if cleaned.get("kind") == Meeting.Kind.WARD_PANEL and not cleaned.get("ward"):
            self.add_error("ward", "Choose the ward this panel is for")
        if (
            "place" in cleaned
            and "online_url" in cleaned
            and not cleaned["place"].strip()
            and not cleaned["online_url"]
        ):
            self.add_error("place", "Enter where the meeting is, or a link to join")
        return cleaned

    def draft_values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "ward": data.get("ward"),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "accessibility": data["accessibility"],
            "online_url": data["online_url"],
            "summary": data["summary"],
        }


class DocumentForm(forms.Form):
    """Upload an agenda, a paper or the minutes."""

    kind = forms.ChoiceField(
        label="What is the document?",
        choices=MeetingDocument.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the document is"},
    )
    title = forms.CharField(
        max_length=200,
        help_text="For example, Agenda or Report of the Borough Commander",
        error_messages={"required": "Enter a title for the document"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a PDF, ODT or DOCX file",
            "empty": "The selected file is empty",
            "invalid": "Select a PDF, ODT or DOCX file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = escape(
            f"A PDF, ODT or DOCX file, smaller than {settings.DOCUMENT_MAX_MB}MB. "
            "Residents can download it once the meeting is published (minutes once "
            "you publish them)."
        )
        self.fields["file"].widget.attrs["accept"] = ".pdf,.odt,.docx"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("title", label_size=Size.SMALL),
            Field("file", label_size=Size.SMALL),
            HTML('<div class="govuk-button-group">'),
            Button("upload", "Upload"),
            HTML("</div>"),
        )


class AttendanceForm(forms.Form):
    """Who represented each member organisation: a name and role, and whether
    they are a senior leader. An empty name means nobody came."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        layout = []
        for row in rows:
            organisation = row.organisation
            name, senior = f"rep_{organisation.pk}", f"senior_{organisation.pk}"
            label = organisation.name
            if row.is_responsible_authority:
                label += " (responsible authority)"
            self.fields[name] = forms.CharField(
                label=escape(label),
                required=False,
                max_length=200,
                help_text="Name and role of who attended, as in the minutes. Leave "
                "empty if nobody did.",
            )
            self.fields[senior] = forms.BooleanField(
                label=escape(f"A senior leader of {organisation.name}"),
                required=False,
            )
            if row.attendance is not None:
                self.initial[name] = row.attendance.representative
                self.initial[senior] = row.attendance.is_senior
            layout += [
                Field.text(name, label_size=Size.SMALL),
                Field.checkbox(senior, small=True),
            ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *layout,
            HTML('<div class="govuk-button-group">'),
            Button("save", "Save attendance"),
            HTML("</div>"),
        )

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            pk = row.organisation.pk
            if cleaned.get(f"senior_{pk}") and not (cleaned.get(f"rep_{pk}") or ""):
                self.add_error(
                    f"rep_{pk}",
                    f"Enter who attended for {row.organisation.name}, or untick "
                    "senior leader",
                )
        return cleaned

    def attendance(self) -> dict:
        """{organisation id: (representative, is senior)} for the service."""
        return {
            row.organisation.pk: (
                self.cleaned_data.get(f"rep_{row.organisation.pk}") or "",
                bool(self.cleaned_data.get(f"senior_{row.organisation.pk}")),
            )
            for row in self.rows
        }

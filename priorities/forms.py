"""Staff forms for priorities and actions."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from partnerships.models import Organisation
from portal.core.staff_forms import (
    MARKDOWN_HINT,
    DayMonthYearField,
    MarkdownField,
    VersionedForm,
    save_buttons,
)
from priorities.crime.selectors import crime_series_loaded
from priorities.models import Action, Evidence, Indicator
from priorities.selectors import (
    area_choices_for_plan,
    board_choices_for_plan,
    organisation_choices_for_plan,
    ward_choices_for_plan,
)

MAX_OBJECTIVES = 20


class PriorityForm(VersionedForm):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title for the priority"}
    )
    summary = forms.CharField(
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences residents see in lists.",
        error_messages={"required": "Enter a summary of the priority"},
    )
    description = MarkdownField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HINT,
    )
    delivery_group = forms.ModelChoiceField(
        label="Led by",
        queryset=None,
        required=False,
        empty_label="No board or group",
    )
    locations = forms.ModelMultipleChoiceField(
        label="Places in focus",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    objectives = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write each objective on its own line.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.context["plan"]
        self.fields["delivery_group"].queryset = board_choices_for_plan(plan=plan)
        self.fields["locations"].queryset = area_choices_for_plan(plan=plan)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.textarea("summary", label_size=Size.SMALL),
            Field.textarea("description", label_size=Size.SMALL),
            Field.textarea("objectives", label_size=Size.SMALL),
            Field.select("delivery_group", label_size=Size.SMALL),
            Field.checkboxes("locations", legend_size=Size.SMALL, small=True),
            "version",
            *save_buttons(preview=True),
        )

    def clean_objectives(self):
        lines = [line.strip() for line in self.cleaned_data["objectives"].splitlines()]
        objectives = [line for line in lines if line]
        if len(objectives) > MAX_OBJECTIVES:
            raise forms.ValidationError(
                f"Enter {MAX_OBJECTIVES} objectives or fewer, one on each line"
            )
        if any(len(line) > 500 for line in objectives):
            raise forms.ValidationError(
                "Each objective must be 500 characters or fewer"
            )
        return objectives

    def draft_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version")
        values["locations"] = list(values["locations"])
        return values


class ActionForm(VersionedForm):
    title = forms.CharField(
        label="What will be done",
        max_length=300,
        error_messages={"required": "Enter what will be done"},
    )
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not decided yet",
    )
    due_date = DayMonthYearField(
        label="Due date", required=False, help_text="For example, 31 3 2027"
    )
    ward = forms.ModelChoiceField(
        label="Ward",
        queryset=None,
        required=False,
        empty_label="Not in one ward",
        help_text="Where the action takes place, if it is in one ward. Residents "
        "see it on that ward's page.",
    )
    status = forms.ChoiceField(
        choices=Action.Status.choices,
        initial=Action.Status.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status of the action"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisation_choices_for_plan(
            plan=self.context["plan"]
        )
        self.fields["ward"].queryset = ward_choices_for_plan(plan=self.context["plan"])
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL, field_width=Fluid.FULL),
            Field.select("lead_organisation", label_size=Size.SMALL),
            Field("due_date"),
            Field.select("ward", label_size=Size.SMALL),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            "version",
            *save_buttons(),
        )

    def draft_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version")
        return values


class EvidenceForm(VersionedForm):
    """What informed a priority: the kinds of evidence, each with its detail."""

    kinds = forms.MultipleChoiceField(
        label="What informed this priority?",
        choices=Evidence.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. A kind with details below counts as "
        "selected.",
        error_messages={"invalid_choice": "Choose from the kinds of evidence listed"},
    )

    # How the draft's values read where two versions are compared.
    draft_labels = {"evidence": "What informed this priority"}
    value_labels = {"evidence": dict(Evidence.Kind.choices)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [Field.checkboxes("kinds", legend_size=Size.SMALL, small=True)]
        for kind in Evidence.Kind:
            name = f"detail_{kind.value}"
            self.fields[name] = forms.CharField(
                label=f"{kind.label}: details (optional)",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": "Details must be 5000 characters or fewer"
                },
            )
            layout.append(Field.textarea(name, label_size=Size.SMALL))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, "version", *save_buttons())

    @staticmethod
    def initial_from(evidence: dict) -> dict:
        """Form values from {kind: detail}."""
        initial = {"kinds": list(evidence)}
        for kind, detail in evidence.items():
            initial[f"detail_{kind}"] = detail
        return initial

    def evidence(self) -> dict:
        """{kind: detail} for every kind selected or given details."""
        data = self.cleaned_data
        chosen = set(data.get("kinds") or [])
        return {
            kind.value: data.get(f"detail_{kind.value}", "").strip()
            for kind in Evidence.Kind
            if kind.value in chosen or data.get(f"detail_{kind.value}", "").strip()
        }

    def draft_values(self) -> dict:
        return {"evidence": self.evidence()}


NOT_LOADED = " (no longer loaded)"
CRIME_TYPE_NOT_LOADED = "Choose a crime type that has been loaded"
MET_PREFIX = "met|"


def crime_series_value(crime_type="", major="", minor="") -> str:
    """One select value for an indicator's series: the police.uk crime type as
    it is, or ``met|MAJOR`` / ``met|MAJOR|MINOR`` for the Met's categories."""
    if major:
        return MET_PREFIX + major + (f"|{minor}" if minor else "")
    return crime_type or ""


def crime_series_fields(value: str) -> dict:
    """The indicator's three taxonomy fields from a select value."""
    fields = {"crime_type": "", "met_major_category": "", "met_minor_category": ""}
    if value.startswith(MET_PREFIX):
        major, _, minor = value[len(MET_PREFIX) :].partition("|")
        fields.update(met_major_category=major, met_minor_category=minor)
    else:
        fields["crime_type"] = value
    return fields


def _month(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if value:
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            return None
    return None


def _month_choice(month: datetime.date, suffix: str = "") -> tuple[str, str]:
    return (month.isoformat(), f"{month:%B %Y}{suffix}")


class IndicatorForm(VersionedForm):
    """What is measured, the target and the measured outcome.

    A crime-linked indicator names a crime type (police.uk) or a Met category
    and two months, chosen from the data loaded for the partnership's area;
    its change is then worked out from that data when the priority is
    published and whenever new data is loaded. A value saved earlier that is
    no longer loaded stays on offer, marked, so saving other changes keeps it.

    ``context``: ``area`` (the partnership's area) and, when editing,
    ``current`` (the indicator's working values).
    """

    name = forms.CharField(
        label="What is measured",
        max_length=200,
        help_text="For example, Knife crime or Residential burglary",
        error_messages={"required": "Enter what is measured"},
    )
    unit = forms.CharField(
        max_length=40,
        initial="offences",
        help_text="For example, offences or incidents",
        error_messages={"required": "Enter the unit, for example offences"},
    )
    direction = forms.ChoiceField(
        label="The aim is to",
        choices=Indicator.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the aim is to reduce or increase"},
    )
    baseline_period = forms.CharField(
        label="Baseline period (optional)",
        required=False,
        max_length=40,
        help_text="For example, 2008/09",
    )
    period = forms.CharField(
        label="Measured period (optional)",
        required=False,
        max_length=40,
        help_text="For example, 2009/10",
    )
    target_percent = forms.DecimalField(
        label="Target change, in per cent (optional)",
        required=False,
        max_digits=6,
        decimal_places=1,
        help_text="Against the baseline: -4.5 for a 4.5% reduction, 10 for a 10% "
        "increase",
        error_messages={
            "invalid": "Enter the target as a number, like -4.5",
            "max_digits": "Enter a target between -99999.9 and 99999.9",
            "max_decimal_places": "Enter the target with one decimal place at most",
            "max_whole_digits": "Enter a target between -99999.9 and 99999.9",
        },
    )
    change_value = forms.IntegerField(
        label="Measured change (optional)",
        required=False,
        min_value=-10_000_000,
        max_value=10_000_000,
        help_text="In the unit above: 36 or -7. Leave empty until it is measured.",
        error_messages={"invalid": "Enter the change as a whole number, like -7"},
    )
    change_percent = forms.DecimalField(
        label="Measured change, in per cent (optional)",
        required=False,
        max_digits=7,
        decimal_places=1,
        error_messages={
            "invalid": "Enter the change as a number, like -12.5",
            "max_digits": "Enter a change between -999999.9 and 999999.9",
            "max_decimal_places": "Enter the change with one decimal place at most",
            "max_whole_digits": "Enter a change between -999999.9 and 999999.9",
        },
    )
    reported_result = forms.ChoiceField(
        label="Result as published (optional)",
        required=False,
        choices=[
            ("", "Work it out from the target and the change"),
            *Indicator.Result.choices[:2],
        ],
        widget=forms.RadioSelect,
        help_text="Only where the target itself was not published.",
    )
    set_by = forms.CharField(
        label="Who set the target (optional)",
        required=False,
        max_length=200,
        help_text="For example, the partnership's strategic board. Residents see "
        "it beside the target.",
    )
    set_on = DayMonthYearField(
        label="When the target was set (optional)",
        required=False,
        help_text="For example, 1 4 2024",
    )
    is_assumption = forms.BooleanField(
        label="This target is an assumption, not one set for this period",
        required=False,
        help_text="For example, an older target carried over. Residents see it "
        "labelled as an assumed target.",
    )
    provenance_note = forms.CharField(
        label="Where the target comes from (optional)",
        required=False,
        max_length=300,
        help_text="One sentence residents read beside the target",
    )
    crime_type = forms.ChoiceField(
        label="Crime type counted (optional)",
        required=False,
        help_text="Only crime types and Met categories loaded for this "
        "partnership's area are listed. The change is then worked out from that "
        "data.",
        error_messages={"invalid_choice": CRIME_TYPE_NOT_LOADED},
    )
    baseline_month = forms.ChoiceField(
        label="Month compared against (optional)",
        required=False,
        help_text="With a crime type: only months loaded are listed.",
        error_messages={"invalid_choice": "Choose a month that has been loaded"},
    )
    measured_month = forms.ChoiceField(
        label="Month measured (optional)",
        required=False,
        help_text="With a crime type: a later month than the one compared against.",
        error_messages={"invalid_choice": "Choose a month that has been loaded"},
    )

    draft_labels = {
        "met_major_category": "Met major category",
        "met_minor_category": "Met minor category",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_crime_choices()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", label_size=Size.SMALL),
            Field.text("unit", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD),
            Field.radios("direction", legend_size=Size.SMALL, small=True, inline=True),
            Field.text(
                "baseline_period", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD
            ),
            Field.text("period", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD),
            Field.text(
                "target_percent", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD
            ),
            Field.text(
                "change_value", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD
            ),
            Field.text(
                "change_percent", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD
            ),
            Field.radios("reported_result", legend_size=Size.SMALL, small=True),
            Field.text("set_by", label_size=Size.SMALL),
            Field("set_on"),
            Field.checkbox("is_assumption", small=True),
            Field.text("provenance_note", label_size=Size.SMALL),
            Field.select("crime_type", label_size=Size.SMALL),
            Field.select("baseline_month", label_size=Size.SMALL),
            Field.select("measured_month", label_size=Size.SMALL),
            "version",
            *save_buttons(),
        )

    def _set_crime_choices(self) -> None:
        """Choices from the loaded data, plus the saved values no longer loaded."""
        loaded = crime_series_loaded(area=self.context.get("area"))
        self.loaded = loaded
        current = self.context.get("current") or {}
        saved = crime_series_value(
            current.get("crime_type", ""),
            current.get("met_major_category", ""),
            current.get("met_minor_category", ""),
        )
        police = [(t, t) for t in loaded["police_uk"]]
        met = []
        for major, minors in loaded["met"]:
            met.append((crime_series_value(major=major), f"{major} (all)"))
            met += [
                (crime_series_value(major=major, minor=m), f"{major}: {m}")
                for m in minors
                if m
            ]
        offered = {value for value, _ in police + met}
        choices = [("", "Not counted from crime data")]
        if saved and saved not in offered:
            label = saved.removeprefix(MET_PREFIX).replace("|", ": ")
            choices.append((saved, label + NOT_LOADED))
        if police:
            choices.append(("police.uk crime types", police))
        if met:
            choices.append(("Metropolitan Police categories", met))
        self.fields["crime_type"].choices = choices
        self.saved_series = saved

        months = sorted(loaded["police_uk_months"] | loaded["met_months"], reverse=True)
        for name in ("baseline_month", "measured_month"):
            month_choices = [("", "Not set")]
            saved_month = _month(current.get(name))
            if saved_month is not None and saved_month not in months:
                month_choices.append(_month_choice(saved_month, NOT_LOADED))
            month_choices += [_month_choice(m) for m in months]
            self.fields[name].choices = month_choices
        if not self.is_bound:
            self.initial["crime_type"] = crime_series_value(
                self.initial.get("crime_type", ""),
                self.initial.get("met_major_category", ""),
                self.initial.get("met_minor_category", ""),
            )
            for name in ("baseline_month", "measured_month"):
                month = _month(self.initial.get(name))
                self.initial[name] = month.isoformat() if month else ""

    def _clean_crime_series(self, cleaned: dict) -> None:
        series = cleaned.get("crime_type") or ""
        months = {
            name: _month(cleaned.get(name))
            for name in ("baseline_month", "measured_month")
        }
        cleaned.update(months)
        if "crime_type" in self.errors:
            return
        if not series:
            for name, month in months.items():
                if month is not None:
                    self.add_error(name, "Choose a crime type to count, or no month")
            return
        loaded_months = (
            self.loaded["met_months"]
            if series.startswith(MET_PREFIX)
            else self.loaded["police_uk_months"]
        )
        current = self.context.get("current") or {}
        for name, month in months.items():
            if name in self.errors:
                continue
            if month is None:
                self.add_error(
                    name,
                    "Choose the month compared against"
                    if name == "baseline_month"
                    else "Choose the month measured",
                )
            elif month not in loaded_months and month != _month(current.get(name)):
                self.add_error(
                    name, "Choose a month that has been loaded for this crime type"
                )
        baseline, measured = months["baseline_month"], months["measured_month"]
        if (
            baseline is not None
            and measured is not None
            and not self.has_error("baseline_month")
            and not self.has_error("measured_month")
            and baseline >= measured
        ):
            self.add_error(
                "measured_month", "The month measured must be after the month compared"
            )

    def clean(self):
        cleaned = super().clean()
        self._clean_crime_series(cleaned)
        target, direction = cleaned.get("target_percent"), cleaned.get("direction")
        if (
            target is not None
            and direction == Indicator.Direction.REDUCE
            and target > 0
        ):
            self.add_error(
                "target_percent",
                "A reduction target must be zero or negative, like -4.5",
            )
        if (
            target is not None
            and direction == Indicator.Direction.INCREASE
            and target < 0
        ):
            self.add_error(
                "target_percent", "An increase target must be zero or positive, like 10"
            )
        return cleaned

    def draft_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version")
        values.update(crime_series_fields(values.pop("crime_type", "") or ""))
        return values

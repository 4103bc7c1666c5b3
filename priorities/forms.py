"""Staff forms for priorities and actions."""

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


class IndicatorForm(VersionedForm):
    """What is measured, the target and the measured outcome.

    The police.uk crime type, months and computed change of crime-linked
    indicators are set in the site admin.
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
            "version",
            *save_buttons(),
        )

    def clean(self):
        cleaned = super().clean()
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
        return values

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
from priorities.models import Action
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

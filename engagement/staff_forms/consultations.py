"""The consultation's details and settings."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from portal.core.staff_forms import MARKDOWN_HINT, MarkdownField, button_group
from priorities.models import Priority

YES_NO = (("yes", "Yes"), ("no", "No"))


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.title} ({obj.plan.title})"
        return label if obj.is_published else f"{label}, not published"


class ConsultationForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter a title for the consultation",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    summary = forms.CharField(
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences residents see in lists.",
        error_messages={
            "required": "Enter a summary of the consultation",
            "max_length": "The summary must be 400 characters or fewer",
        },
    )
    background = MarkdownField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Why you are asking and what you will do with the answers. "
        + MARKDOWN_HINT,
    )
    priorities = PriorityChoiceField(
        label="Priorities this consultation is about",
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    has_equality_section = forms.TypedChoiceField(
        label="Include the equality monitoring questions?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Age, sex, ethnic group and disability. They are optional for "
        "residents, stored apart from their answers and reported only in "
        "aggregate.",
        error_messages={
            "required": "Choose whether to include the equality monitoring questions"
        },
    )
    retention_months = forms.IntegerField(
        label="How many months to keep personal data after closing",
        min_value=1,
        max_value=120,
        help_text="Email addresses and answers that may contain personal data are "
        "removed after this many months.",
        error_messages={
            "required": "Enter how many months to keep personal data",
            "invalid": "Enter the number of months as a whole number, like 12",
            "min_value": "Enter a number of months between 1 and 120",
            "max_value": "Enter a number of months between 1 and 120",
        },
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = (
            Priority.objects.filter(plan__partnership=partnership)
            .select_related("plan")
            .order_by("plan__title", "order", "id")
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.textarea("summary", label_size=Size.SMALL, rows=2),
            Field.textarea("background", label_size=Size.SMALL),
            Field.checkboxes("priorities", legend_size=Size.SMALL, small=True),
            Field.radios("has_equality_section", legend_size=Size.SMALL, inline=True),
            Field.text("retention_months", label_size=Size.SMALL, field_width=3),
            *button_group(
                Button("save", "Save"), Button.secondary("preview", "Preview")
            ),
        )

    @staticmethod
    def initial_for(consultation) -> dict:
        return {
            "title": consultation.title,
            "summary": consultation.summary,
            "background": consultation.background,
            "priorities": [p.pk for p in consultation.priorities.all()],
            "has_equality_section": "yes"
            if consultation.has_equality_section
            else "no",
            "retention_months": consultation.retention_months,
        }

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["priorities"] = list(data["priorities"])
        return data

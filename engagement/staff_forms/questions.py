"""One question of a consultation: its kind, wording, options and settings."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from engagement.models import Question
from portal.core.staff_forms import button_group

# Choice kinds whose options the manager lists; the service sets the others.
LISTED_OPTION_KINDS = (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of question",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of question"},
    )
    text = forms.CharField(
        label="Question",
        max_length=300,
        error_messages={
            "required": "Enter the question",
            "max_length": "The question must be 300 characters or fewer",
        },
    )
    hint = forms.CharField(
        required=False,
        max_length=300,
        help_text="Optional. Shown under the question, like this text.",
        error_messages={"max_length": "The hint must be 300 characters or fewer"},
    )
    choices = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For 'one choice' and 'several choices' questions only: write "
        "each option on its own line. Agree or disagree, yes or no and ward "
        "questions get their options automatically.",
    )
    required = forms.BooleanField(
        label="Residents must answer this question", required=False
    )
    personal = forms.BooleanField(
        label="Answers may contain personal data",
        required=False,
        help_text="Text questions only. These answers are removed when the "
        "retention period ends.",
    )
    starts_page = forms.BooleanField(
        label="Start a new page with this question",
        required=False,
        help_text="Residents answer the questions before it, select Continue, "
        "then see this one. The first question always starts the first page.",
    )
    shown_if_choice = forms.TypedChoiceField(
        label="Only ask this question if",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Optional. Residents are asked this question only if they "
        "chose this answer to an earlier question. On the same page, the "
        "question is shown with a note saying when to answer it.",
        error_messages={
            "invalid_choice": "Choose an answer to an earlier question",
        },
    )

    def __init__(self, *args, earlier_questions=(), **kwargs):
        """``earlier_questions``: the choice questions this one may depend on,
        in order, with their options (the selector gives them)."""
        super().__init__(*args, **kwargs)
        self.fields["shown_if_choice"].choices = [
            ("", "Always ask it"),
            *[
                (choice.pk, f"{question.text} \u2014 {choice.text}")
                for question in earlier_questions
                for choice in question.choices.all()
            ],
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("text", label_size=Size.SMALL),
            Field.text("hint", label_size=Size.SMALL),
            Field.textarea("choices", label_size=Size.SMALL, rows=6),
            Field.checkbox("required", small=True),
            Field.checkbox("personal", small=True),
            Field.checkbox("starts_page", small=True),
            Field.select("shown_if_choice", legend_size=Size.SMALL),
            *button_group(Button("save", "Save question")),
        )

    @staticmethod
    def initial_for(question) -> dict:
        listed = question.kind in LISTED_OPTION_KINDS
        return {
            "kind": question.kind,
            "text": question.text,
            "hint": question.hint,
            "choices": "\n".join(c.text for c in question.choices.all())
            if listed
            else "",
            "required": question.required,
            "personal": question.personal,
            "starts_page": question.starts_page,
            "shown_if_choice": question.shown_if_choice_id or "",
        }

    def clean_choices(self):
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        options = [line for line in lines if line]
        if any(len(option) > 200 for option in options):
            raise ValidationError("Each option must be 200 characters or fewer")
        return options

    def service_data(self) -> dict:
        """What the question services take: options only for listed kinds, and
        personal data only for text questions."""
        data = dict(self.cleaned_data)
        data["personal"] = data["personal"] and data["kind"] in Question.TEXT_KINDS
        if data["kind"] not in LISTED_OPTION_KINDS:
            # Scale, yes/no and ward options come from the service; passing
            # none keeps rewording such a question from counting as a change
            # of substance.
            data.pop("choices")
        return data

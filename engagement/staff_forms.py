"""Forms for the consultation managers' and officers' staff pages."""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Button,
    Field,
    Fieldset,
    Fixed,
    Layout,
    Size,
)
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from engagement.models import EqualityAnswer, Question, Response
from engagement.services import field_name
from portal.core.staff_forms import MARKDOWN_HINT, DayMonthYearField, MarkdownField
from priorities.models import Action, Priority

# "We did" items offered on the outcome form; blank ones are ignored.
OUTCOME_SLOTS = 5
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# Choice kinds whose options the manager lists; the service sets the others.
LISTED_OPTION_KINDS = (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)
YES_NO = (("yes", "Yes"), ("no", "No"))


def _buttons(*buttons):
    return [HTML('<div class="govuk-button-group">'), *buttons, HTML("</div>")]


# --- Building a consultation ---------------------------------------------------


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
            *_buttons(Button("save", "Save"), Button.secondary("preview", "Preview")),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("text", label_size=Size.SMALL),
            Field.text("hint", label_size=Size.SMALL),
            Field.textarea("choices", label_size=Size.SMALL, rows=6),
            Field.checkbox("required", small=True),
            Field.checkbox("personal", small=True),
            *_buttons(Button("save", "Save question")),
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
            *_buttons(Button("save", "Schedule")),
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


# --- Answers: preview and keying in -------------------------------------------

EQUALITY_LABELS = {
    "age_band": "Age",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "disability": "Do you consider yourself to have a disability?",
}
EQUALITY_PREFIX = "equality_"
KEYED_IN_CHANNELS = [
    (value, label)
    for value, label in Response.Channel.choices
    if value != Response.Channel.ONLINE
]


def _answer_field(question: Question) -> forms.Field:
    """A form field for one question, as residents see it.

    Every field is optional here: the service checks required answers and
    lengths, with messages that name the question.
    """
    label = escape(question.text)  # crispy-forms-gds renders labels unescaped
    if not question.required:
        label += " (optional)"
    common = {"label": label, "required": False, "help_text": escape(question.hint)}
    if question.kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(**common)
    if question.kind == Question.Kind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **common)
    choices = [(str(c.pk), c.text) for c in question.choices.all()]
    # Django formats this message with %-style parameters.
    text = question.text.replace("%", "%%")
    invalid = {"invalid_choice": f"Choose one of the options given for: {text}"}
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        if not question.hint:
            common["help_text"] = "Select all that apply."
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages=invalid,
            **common,
        )
    return forms.ChoiceField(
        choices=choices, widget=forms.RadioSelect, error_messages=invalid, **common
    )


class AnswersForm(forms.Form):
    """A consultation's questions (and equality section) as one form.

    Used read-only for the preview and, with a channel and an idempotency key,
    for keying in paper, event and phone responses.
    """

    def __init__(self, *args, consultation, questions, keyed_in=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.keyed_in = keyed_in
        layout = []
        if keyed_in:
            self.fields["channel"] = forms.ChoiceField(
                label="How was this response received?",
                choices=KEYED_IN_CHANNELS,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how the response was received"},
            )
            self.fields["idempotency_key"] = forms.CharField(
                widget=forms.HiddenInput, max_length=64
            )
            layout += [
                Field.radios("channel", legend_size=Size.MEDIUM, small=True),
                "idempotency_key",
            ]
        for question in questions:
            name = field_name(question)
            self.fields[name] = _answer_field(question)
            if question.kind == Question.Kind.SHORT_TEXT:
                layout.append(Field.text(name, label_size=Size.SMALL))
            elif question.kind == Question.Kind.LONG_TEXT:
                layout.append(Field.textarea(name, label_size=Size.SMALL, rows=5))
            elif question.kind == Question.Kind.MULTIPLE_CHOICE:
                layout.append(
                    Field.checkboxes(name, legend_size=Size.SMALL, small=True)
                )
            else:
                layout.append(Field.radios(name, legend_size=Size.SMALL, small=True))
        if consultation.has_equality_section:
            equality = []
            for name in EqualityAnswer.FIELDS:
                choices = EqualityAnswer._meta.get_field(name).choices
                self.fields[EQUALITY_PREFIX + name] = forms.ChoiceField(
                    label=EQUALITY_LABELS[name] + " (optional)",
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={
                        "invalid_choice": "Choose one of the options given"
                    },
                )
                equality.append(
                    Field.radios(
                        EQUALITY_PREFIX + name, legend_size=Size.SMALL, small=True
                    )
                )
            layout.append(
                Fieldset(
                    HTML(
                        '<p class="govuk-body">These questions help the partnership '
                        "check it hears from everyone. Answers are kept apart from "
                        "the rest of the response and reported only in totals.</p>"
                    ),
                    *equality,
                    legend="Equality monitoring",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = FormHelper()
        if keyed_in:
            layout += _buttons(Button("save", "Save response"))
        else:
            self.helper.form_tag = False
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict:
        return {
            field_name(q): self.cleaned_data.get(field_name(q)) for q in self.questions
        }

    def equality(self) -> dict:
        return {
            name: self.cleaned_data.get(EQUALITY_PREFIX + name, "")
            for name in EqualityAnswer.FIELDS
            if EQUALITY_PREFIX + name in self.fields
        }

    def error_aliases(self) -> dict:
        return {name: EQUALITY_PREFIX + name for name in EqualityAnswer.FIELDS}


# --- Publishing the outcome ----------------------------------------------------


def link_choices(partnership) -> tuple[list, dict]:
    """Grouped select options for "we did" links, and the objects they name."""
    priorities = list(
        Priority.objects.filter(plan__partnership=partnership)
        .select_related("plan")
        .order_by("plan__title", "order", "id")
    )
    actions = list(
        Action.objects.filter(priority__plan__partnership=partnership)
        .select_related("priority__plan")
        .order_by("priority__plan__title", "priority__order", "order", "id")
    )
    objects = {f"priority-{p.pk}": ("priority", p) for p in priorities}
    objects |= {f"action-{a.pk}": ("action", a) for a in actions}
    choices = [
        ("", "Choose a priority or action"),
        ("Priorities", [(f"priority-{p.pk}", p.title) for p in priorities]),
        (
            "Actions",
            [(f"action-{a.pk}", f"{a.title} ({a.priority.title})") for a in actions],
        ),
    ]
    return choices, objects


class OutcomeForm(forms.Form):
    we_asked = forms.CharField(
        label="We asked",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the consultation asked, in a sentence or two.",
        error_messages={"required": "Enter what you asked"},
    )
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What people told you: the main findings.",
        error_messages={"required": "Enter what people said"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self.link_objects = link_choices(partnership)
        slots = []
        for n in range(1, OUTCOME_SLOTS + 1):
            self.fields[f"we_did_{n}"] = forms.CharField(
                label="What you did",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": f"Thing you did {n} must be 2,000 characters or fewer"
                },
            )
            self.fields[f"link_{n}"] = forms.ChoiceField(
                label="Priority or action it delivers",
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": "Choose a priority or action of this partnership"
                },
            )
            slots.append(
                Fieldset(
                    Field.textarea(f"we_did_{n}", rows=3),
                    Field.select(f"link_{n}"),
                    legend=f"We did: thing {n}" + (" (optional)" if n > 1 else ""),
                    legend_size=Size.SMALL,
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("we_asked", label_size=Size.SMALL, rows=4),
            Field.textarea("you_said", label_size=Size.SMALL, rows=6),
            HTML(
                '<h2 class="govuk-heading-m">We did</h2><p class="govuk-body">Link '
                "each thing you did to a priority or an action of the partnership. "
                "Leave the ones you do not need blank.</p>"
            ),
            *slots,
            *_buttons(Button("save", "Publish the outcome")),
        )

    @staticmethod
    def initial_for(outcome) -> dict:
        if outcome is None:
            return {}
        initial = {"we_asked": outcome.we_asked, "you_said": outcome.you_said}
        for n, item in enumerate(outcome.actions.all()[:OUTCOME_SLOTS], 1):
            initial[f"we_did_{n}"] = item.we_did
            initial[f"link_{n}"] = (
                f"action-{item.action_id}"
                if item.action_id
                else f"priority-{item.priority_id}"
            )
        return initial

    def clean(self):
        cleaned = super().clean()
        actions = []
        for n in range(1, OUTCOME_SLOTS + 1):
            we_did = (cleaned.get(f"we_did_{n}") or "").strip()
            link = cleaned.get(f"link_{n}") or ""
            if not we_did and not link:
                continue
            if not we_did:
                self.add_error(f"we_did_{n}", f"Describe thing you did {n}")
                continue
            if not link:
                self.add_error(
                    f"link_{n}", f"Choose the priority or action thing {n} delivers"
                )
                continue
            kind, obj = self.link_objects[link]
            actions.append(
                (
                    we_did,
                    obj if kind == "priority" else None,
                    obj if kind == "action" else None,
                )
            )
        if not actions and not self.errors:
            self.add_error("we_did_1", "Add at least one thing you did")
        cleaned["actions"] = actions
        return cleaned

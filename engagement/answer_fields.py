"""The questions of a consultation as form fields: built here, once, for every
form that shows them.

The public response form (``engagement.forms.ResponseForm``), the staff form
for keying in paper, event and phone responses and the staff preview all add
their answer fields with ``AnswerFieldsMixin``, so the preview shows what
residents see and an officer keys a paper form into the same questions.

Fields are named ``field_name(question)`` ("q<id>"), so the errors of
``clean_answers`` (and of ``response_submit``) land on the right field. Every
field is optional and lets any option through: ``clean_answers`` checks
required answers, options and lengths, with messages that name the question.

Labels and hints go through ``escape``: the GOV.UK templates print them with
``|safe``, and question text is typed by officers.
"""

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.utils.html import escape

from engagement.models import EqualityAnswer, Question
from engagement.services import field_name

# Questions with more options than this get smaller radio buttons.
MANY_OPTIONS = 12

EQUALITY_QUESTIONS = {
    "age_band": "What is your age?",
    "sex": "What is your sex?",
    "ethnicity": "What is your ethnic group?",
    "disability": "Do you consider yourself to be disabled?",
}
EQUALITY_INTRO = """
<h2 class="govuk-heading-m" id="equality">Equality monitoring (optional)</h2>
<p class="govuk-body">These questions help the partnership check that it hears
from every part of the community. You do not have to answer them.</p>
<p class="govuk-body">Your answers here are stored apart from your response,
with nothing to link them to it, and are reported only as totals. Groups of
fewer than 10 people are not shown.</p>
"""


class AllValuesRadioSelect(forms.RadioSelect):
    """Radios that pass on every value sent for them, not just the last one.

    A browser sends one value for a set of radios; a forged POST may send two,
    which clean_answers then refuses rather than the form quietly picking one.
    """

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if isinstance(values, list) and len(values) == 1:
            return values[0]
        return values


class AnswerChoiceField(forms.ChoiceField):
    """One option. Whether it is one of this question's is for clean_answers."""

    widget = AllValuesRadioSelect

    def to_python(self, value):
        if isinstance(value, list | tuple) and value:
            return [str(v) for v in value]
        return super().to_python(value)

    def validate(self, value):
        pass


class AnswerMultipleChoiceField(forms.MultipleChoiceField):
    """Several options, checked by clean_answers like AnswerChoiceField."""

    def validate(self, value):
        pass


def condition_hint(question: Question, depends_on: Question) -> str:
    """ "Only if you answered ..." for a question whose condition is on its page."""
    choice = next(
        (c for c in depends_on.choices.all() if c.pk == question.shown_if_choice_id),
        None,
    )
    answer = choice.text if choice else ""
    return (
        f"Only if you answered \u201c{answer}\u201d to \u201c{depends_on.text}\u201d."
    )


def question_field(question: Question, condition: str = "") -> forms.Field:
    """An optional Django field: required answers are checked by clean_answers.

    ``condition``: a hint saying when to answer it, put before its own hint."""
    label = question.text if question.required else f"{question.text} (optional)"
    hint = question.hint
    if question.kind == Question.Kind.MULTIPLE_CHOICE and not hint:
        hint = "Select all that apply."
    hint = " ".join(part for part in (condition, hint) if part)
    options = {"label": escape(label), "help_text": escape(hint), "required": False}
    if question.kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(**options)
    if question.kind == Question.Kind.LONG_TEXT:
        # crispy-forms-gds 2.0.1 reads this attribute when it adds the character
        # count's message to it, and fails if a hintless textarea lacks it.
        widget = forms.Textarea(attrs={"aria-describedby": ""})
        return forms.CharField(widget=widget, **options)
    choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return AnswerMultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    return AnswerChoiceField(choices=choices, **options)


def question_layout(question: Question, name: str) -> Field:
    """The GOV.UK component for a question: a text input, a character-counted
    textarea, checkboxes, or radios (inline for yes or no)."""
    if question.kind == Question.Kind.SHORT_TEXT:
        return Field.text(name, label_size=Size.SMALL)
    if question.kind == Question.Kind.LONG_TEXT:
        return Field.textarea(
            name, label_size=Size.SMALL, rows=5, max_characters=question.max_length
        )
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return Field.checkboxes(name, legend_size=Size.SMALL)
    many = len(question.choices.all()) > MANY_OPTIONS
    return Field.radios(
        name,
        legend_size=Size.SMALL,
        small=many,
        inline=question.kind == Question.Kind.YES_NO,
    )


def equality_field(name: str) -> forms.ChoiceField:
    """One optional equality question (``name`` is an EqualityAnswer field)."""
    return forms.ChoiceField(
        label=EQUALITY_QUESTIONS[name] + " (optional)",
        choices=EqualityAnswer._meta.get_field(name).choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the options given"},
    )


class AnswerFieldsMixin:
    """Gives a form a consultation's questions and, if it has one, its equality
    monitoring section, as residents see them."""

    # Put before the equality fields' names (the EqualityAnswer field names).
    equality_prefix = ""

    def add_answer_fields(self, *, consultation, questions) -> list:
        """Add a field for each question and equality question; return their
        layout, in the order residents see them."""
        self.questions = list(questions)
        self.answer_names = [field_name(q) for q in self.questions]
        on_form = {q.pk: q for q in self.questions}
        for question, name in zip(self.questions, self.answer_names, strict=True):
            depends_on = on_form.get(question.shown_if_question_id)
            self.fields[name] = question_field(
                question, condition_hint(question, depends_on) if depends_on else ""
            )
        equality = list(EQUALITY_QUESTIONS) if consultation.has_equality_section else []
        self.equality_names = {self.equality_prefix + name: name for name in equality}
        for name, equality_name in self.equality_names.items():
            self.fields[name] = equality_field(equality_name)
        layout = [
            question_layout(question, name)
            for question, name in zip(self.questions, self.answer_names, strict=True)
        ]
        if self.equality_names:
            layout.append(HTML(EQUALITY_INTRO))
            layout += [
                Field.radios(name, legend_size=Size.SMALL, small=True)
                for name in self.equality_names
            ]
        return layout

    def answers(self) -> dict:
        """The answers by field name, for response_submit; nothing else sent."""
        return {name: self.cleaned_data.get(name) for name in self.answer_names}

    def equality(self) -> dict | None:
        """The equality answers by EqualityAnswer field, or None without them."""
        if not self.equality_names:
            return None
        return {
            equality_name: self.cleaned_data.get(name) or ""
            for name, equality_name in self.equality_names.items()
        }

    def equality_aliases(self) -> dict:
        """The form's names for the equality fields a service's errors name."""
        return {
            equality_name: name for name, equality_name in self.equality_names.items()
        }

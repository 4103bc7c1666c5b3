"""A consultation's questions on staff pages: keying in a response from paper,
an event or a phone call, and the preview. Both get their answer fields from
``engagement.answer_fields``, like the form residents fill in."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms

from engagement.answer_fields import AnswerFieldsMixin
from engagement.models import Response
from engagement.pages import split_pages
from portal.core.staff_forms import button_group

KEYED_IN_CHANNELS = [
    (value, label)
    for value, label in Response.Channel.choices
    if value != Response.Channel.ONLINE
]


class ResponseKeyInForm(AnswerFieldsMixin, forms.Form):
    """How the response was received, then the questions as residents see them.

    The idempotency key (new each time the form is shown) stores a response
    sent twice once. The answers are checked by ``response_submit``, whose
    errors the page puts on the fields they name.
    """

    # The equality fields are "equality_age_band" and so on here.
    equality_prefix = "equality_"

    def __init__(self, *args, consultation, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"] = forms.ChoiceField(
            label="How was this response received?",
            choices=KEYED_IN_CHANNELS,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose how the response was received"},
        )
        self.fields["idempotency_key"] = forms.CharField(
            widget=forms.HiddenInput, max_length=64
        )
        answers = self.add_answer_fields(consultation=consultation, questions=questions)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("channel", legend_size=Size.MEDIUM, small=True),
            "idempotency_key",
            *answers,
            *button_group(Button("save", "Save response")),
        )

    def error_aliases(self) -> dict:
        return self.equality_aliases()


class ResponsePreviewForm(AnswerFieldsMixin, forms.Form):
    """The questions exactly as residents see them, for the preview. It has no
    form tag or button: the page shows it disabled, and it is never sent."""

    use_required_attribute = False

    def __init__(self, *args, consultation, questions, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.add_answer_fields(consultation=consultation, questions=questions)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.with_page_headings(answers))

    def with_page_headings(self, answers: list) -> list:
        """A "Page n of m" heading where each page starts, when there are pages."""
        pages = split_pages(self.questions)
        if len(pages) < 2:
            return answers
        starts = {page[0].pk: n for n, page in enumerate(pages, 1)}
        layout = []
        for question, item in zip(self.questions, answers, strict=False):
            if question.pk in starts:
                layout.append(
                    HTML(
                        '<h3 class="govuk-heading-s">'
                        f"Page {starts[question.pk]} of {len(pages)}</h3>"
                    )
                )
            layout.append(item)
        return layout + answers[len(self.questions) :]

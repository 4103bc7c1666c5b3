"""One builder of answer fields: the staff preview and the key-in form show the
questions exactly as the public response form does."""

import re

import pytest
from crispy_forms.utils import render_crispy_form

from engagement.forms import ResponseForm
from engagement.selectors import question_list_for_staff
from engagement.staff_forms import ResponseKeyInForm, ResponsePreviewForm
from tests.engagement.conftest import build_open_consultation

pytestmark = pytest.mark.django_db

EQUALITY_NAMES = re.compile(r'(name="|id_)(age_band|sex|ethnicity|disability)')


@pytest.fixture
def consultation():
    """Every kind of question, and the equality section."""
    return build_open_consultation(equality=True)


def test_the_preview_is_the_public_form_without_its_sending_parts(consultation):
    """Every question and equality question renders exactly as residents see
    it; the email address and the guards are not part of the preview."""
    public = render_crispy_form(ResponseForm(consultation=consultation))
    preview = render_crispy_form(
        ResponsePreviewForm(
            consultation=consultation,
            questions=question_list_for_staff(consultation=consultation),
        )
    )
    assert "Equality monitoring (optional)" in preview
    assert "What is your age? (optional)" in preview
    assert 'data-module="govuk-character-count"' in preview
    assert preview.strip() in public
    assert 'name="email"' not in preview


def test_the_key_in_form_asks_the_same_questions(consultation):
    """The same fields and components; only the equality fields' names carry
    the key-in form's prefix."""
    preview = render_crispy_form(
        ResponsePreviewForm(
            consultation=consultation,
            questions=question_list_for_staff(consultation=consultation),
        )
    )
    key_in = render_crispy_form(
        ResponseKeyInForm(
            consultation=consultation,
            questions=question_list_for_staff(consultation=consultation),
        )
    )
    assert EQUALITY_NAMES.sub(r"\1equality_\2", preview).strip() in key_in
    assert 'name="channel"' in key_in

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.template import Context, Template

from contact.models import ContactMessage, ContactReply
from engagement.models import Consultation
from plans.models import Deadline, Plan
from portal.core import status_tags
from priorities.models import Action, CrimeImport


class Colour(models.TextChoices):
    RIPE = "ripe", "Ripe"
    RAW = "raw", "Raw"


@pytest.fixture
def tag_sets(monkeypatch):
    """The declared tag sets, restored after the test."""
    monkeypatch.setattr(status_tags, "_TAG_SETS", dict(status_tags._TAG_SETS))


def render(text, **context):
    return Template("{% load portal_tags %}" + text).render(Context(context))


def test_a_status_renders_as_a_govuk_frontend_6_tag(tag_sets):
    """The tag has the declared words and colour; blue, Frontend 6's own tag
    colour, has no modifier class."""
    status_tags.status_tags("tests.fruit", {Colour.RIPE: "green", Colour.RAW: "blue"})
    assert render('{% status_tag "tests.fruit" s %}', s="ripe") == (
        '<strong class="govuk-tag govuk-tag--green">Ripe</strong>'
    )
    assert render('{% status_tag "tests.fruit" s %}', s=Colour.RAW) == (
        '<strong class="govuk-tag">Raw</strong>'
    )


def test_words_can_differ_from_the_choice_label_and_are_escaped(tag_sets):
    """A (words, colour) pair sets the words, which are escaped like any text."""
    status_tags.status_tags("tests.fruit", {"ripe": ("<b>Ready</b>", "red")})
    assert render('{% status_tag "tests.fruit" "ripe" %}') == (
        '<strong class="govuk-tag govuk-tag--red">&lt;b&gt;Ready&lt;/b&gt;</strong>'
    )


def test_other_values_get_the_otherwise_tag_or_fail(tag_sets):
    """A status not declared gets the tag of `otherwise`; with no `otherwise`
    the page fails instead of showing a wrong tag."""
    status_tags.status_tags(
        "tests.fruit", {Colour.RIPE: "green", Colour.RAW: "grey"}, otherwise="raw"
    )
    assert "Raw" in render('{% status_tag "tests.fruit" "rotten" %}')
    assert "Raw" in render('{% status_tag "tests.fruit" None %}')
    status_tags.status_tags("tests.strict", {Colour.RIPE: "green"})
    with pytest.raises(LookupError):
        render('{% status_tag "tests.strict" "raw" %}')
    with pytest.raises(LookupError):
        render('{% status_tag "tests.undeclared" "raw" %}')


@pytest.mark.parametrize("colour", ["light-blue", "turquoise", "pink", "blue-ish"])
def test_colours_frontend_6_lacks_are_refused(tag_sets, colour):
    """Frontend 6 removed govuk-tag--light-blue and renamed turquoise and pink:
    declaring them fails at start-up, not silently on a page."""
    with pytest.raises(ImproperlyConfigured):
        status_tags.status_tags("tests.fruit", {Colour.RIPE: colour})


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("plans.plan", Plan.Status),
        ("plans.deadline", Deadline.Status),
        ("priorities.action", Action.Status),
        ("priorities.crime_import", CrimeImport.Status),
        ("engagement.consultation", Consultation.Status),
        ("contact.message", ContactMessage.Status),
        ("contact.reply", ContactReply.Status),
    ],
)
def test_every_status_of_the_apps_has_its_own_tag(name, choices):
    """Each app declares a tag for every status, worded as the status's label."""
    declared = status_tags._TAG_SETS[name].tags
    for status in choices:
        assert declared[status.value].label == status.label


def test_publication_states_of_draftable_content():
    """Officers see whether content is published, and whether it has
    unpublished changes."""

    class Item:
        def __init__(self, is_published, has_draft):
            self.is_published, self.has_draft = is_published, has_draft

    text = '{% status_tag "core.publication" item|publication_state %}'
    assert render(text, item=Item(False, True)) == (
        '<strong class="govuk-tag govuk-tag--yellow">Not published</strong>'
    )
    assert render(text, item=Item(True, True)) == (
        '<strong class="govuk-tag">Draft changes</strong>'
    )
    assert render(text, item=Item(True, False)) == (
        '<strong class="govuk-tag govuk-tag--green">Published</strong>'
    )

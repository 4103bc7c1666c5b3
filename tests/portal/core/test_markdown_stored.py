"""Officers' Markdown is rendered once, when it is saved; pages read the HTML.

A public page, the API and a page served from an empty cache never parse
Markdown: these tests make the parser fail and the pages still show the text.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from plans.models import PlanSection
from portal.core import markdown
from portal.core.fields import render_stored
from priorities.models import Priority
from tests.engagement.factories import ConsultationFactory
from tests.partnerships.factories import PartnershipFactory
from tests.plans.factories import PlanSectionFactory
from tests.priorities.factories import PriorityFactory

pytestmark = pytest.mark.django_db

TEXT = "Some **bold** words <script>alert(1)</script>\n\n# A heading"


@pytest.mark.parametrize(
    ("factory", "source", "html"),
    [
        (PartnershipFactory, "description", "description_html"),
        (PlanSectionFactory, "body", "body_html"),
        (PriorityFactory, "description", "description_html"),
        (ConsultationFactory, "background", "background_html"),
    ],
)
def test_saving_stores_the_sanitised_html(factory, source, html):
    """Created, changed in full, changed by update_fields: the HTML follows."""
    obj = factory(**{source: TEXT})
    obj.refresh_from_db()
    stored = getattr(obj, html)
    assert "<strong>bold</strong>" in stored
    assert "<script" not in stored
    assert "<h3>A heading</h3>" in stored

    setattr(obj, source, "*first*")
    obj.save()
    obj.refresh_from_db()
    assert getattr(obj, html) == "<p><em>first</em></p>\n"

    setattr(obj, source, "*second*")
    obj.save(update_fields=[source])
    obj.refresh_from_db()
    assert getattr(obj, html) == "<p><em>second</em></p>\n"


def test_bulk_created_rows_get_their_html_too():
    """bulk_create (the demo and the importers use it) renders as save does."""
    section = PlanSectionFactory()
    PlanSection.objects.bulk_create(
        [PlanSection(plan=section.plan, title="Bulk", slug="bulk", body="**b**")]
    )
    assert PlanSection.objects.get(slug="bulk").body_html == (
        "<p><strong>b</strong></p>\n"
    )


def test_the_migration_renders_rows_written_before_the_column():
    """Existing rows are rendered by the migration that adds the column."""
    priorities = PriorityFactory.create_batch(3, description="**old**")
    Priority.objects.update(description_html="")
    render_stored("priorities", "priority", "description_html")(apps, None)
    for priority in priorities:
        priority.refresh_from_db()
        assert priority.description_html == "<p><strong>old</strong></p>\n"


def test_pages_read_the_html_stored_at_save(client, monkeypatch, settings):
    """Saved while the parser works; served after it breaks."""
    priority = PriorityFactory(description="Priority **text**")
    section = PlanSectionFactory(plan=priority.plan, body="Section **text**")
    partnership = priority.plan.partnership
    partnership.description = "Partnership **text**"
    partnership.save()
    consultation = ConsultationFactory(
        partnership=partnership, background="Consultation **text**"
    )

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    markdown.render_markdown.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown was parsed while serving a request")

    monkeypatch.setattr(markdown.cmarkgfm, "markdown_to_html_with_extensions", refuse)
    pages = {
        partnership.get_absolute_url(): "Partnership <strong>text</strong>",
        priority.get_absolute_url(): "Priority <strong>text</strong>",
        section.plan.get_absolute_url(): "Section <strong>text</strong>",
        consultation.get_absolute_url(): "Consultation <strong>text</strong>",
        reverse("api:partnership-detail", args=[partnership.slug]): (
            "Partnership <strong>text</strong>"
        ),
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
    markdown.render_markdown.cache_clear()

from django import template
from django.utils.safestring import mark_safe

from portal.core import status_tags
from portal.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render officer-written Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it


@register.filter
def bar_step(percent) -> int:
    """A bar's width in steps of 5%, for the app-bar--N classes (no inline styles)."""
    try:
        value = max(0, min(100, int(percent)))
    except (TypeError, ValueError):
        return 0
    return round(value / 5) * 5


@register.simple_tag
def status_tag(name, status):
    """A status as a GOV.UK tag, in the words and colour its app declared
    for the tag set ``name`` (see portal.core.status_tags):
    {% status_tag "plans.plan" plan.status %}."""
    return status_tags.tag_for(name, status).html()


@register.filter
def publication_state(item) -> str:
    """unpublished, draft_changes or published: for the "core.publication" tags."""
    return status_tags.publication_state(item)

from django import template
from django.utils.safestring import mark_safe

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

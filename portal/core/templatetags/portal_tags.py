import datetime

from django import template
from django.utils import timezone
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


def form_error_links(form) -> list[tuple[str, str]]:
    """(input id, message) for each error of a crispy-forms-gds form, in the
    order of the page, as crispy-forms-gds links them: errors about the whole
    form go to the first field, and a field of several inputs (a date) links
    the input each error is about."""
    helper = getattr(form, "helper", None)
    if helper is None or not helper.form_show_errors or not form.errors:
        return []
    visible = form.visible_fields()
    first = visible[0].auto_id if visible else ""
    links = [(first, message) for message in form.non_field_errors()]
    for bound_field in visible:
        listed = []
        for index, subfield in enumerate(getattr(bound_field.field, "fields", ())):
            errors = getattr(subfield.widget, "errors", [])
            links += [(f"{bound_field.auto_id}_{index}", e) for e in errors]
            listed += errors
        links += [
            (bound_field.auto_id, e) for e in bound_field.errors if e not in listed
        ]
    return links


@register.inclusion_tag("includes/error_summary.html")
def form_error_summary(form):
    """The GOV.UK Frontend 6 error summary of a form, in place of
    crispy-forms-gds's {% error_summary %}, whose markup is older (role="alert"
    and tabindex on the outer element, a title found by its id)."""
    return {"error_links": form_error_links(form)}


@register.filter
def clock(value) -> str:
    """A time of day in the GOV.UK style: 9am, 6:30pm, midday, midnight."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    hour, minute = value.hour, value.minute
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == 0 else f"{hour}:{minute:02d}{suffix}"

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.core import dates, status_tags
from portal.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render officer-written Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it


@register.filter
def clock(value) -> str:
    """The time of a datetime, in the site's time zone, as people write it:
    "1:31pm", "9am", "midday"."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dates.clock(value)


@register.filter
def when(value) -> str:
    """A date and time: "7 December 2026, 1:31pm"."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}, {dates.clock(value)}"


@register.filter
def machine(value) -> str:
    """The ``datetime`` attribute of a ``<time>`` element, valid HTML."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dates.machine_readable(value)


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

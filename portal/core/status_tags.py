"""Statuses shown as GOV.UK tags: each app says which words and colour each
status gets, and one template tag draws them.

An app declares a named set of tags in its ``AppConfig.ready()`` with
``status_tags`` (as it declares its cached pages with ``cache_pages``): for each
status, the tag's colour (the words are then the status's TextChoices label) or
a (words, colour) pair, and which status's tag any other value gets. Templates
show a status with ``{% status_tag "plans.plan" plan.status %}`` from
``portal_tags``, which renders GOV.UK Frontend 6 tag markup.

The kernel imports no app, so the mappings live with the apps that own the
statuses; the kernel declares only the publication states of ``Draftable``
content (``publication_state``).
"""

from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html
from django.utils.safestring import SafeString

# The tag colours of GOV.UK Frontend 6 (components/tag). Blue is the tag's own
# colour and has no modifier class: Frontend 6 has no govuk-tag--blue.
COLOURS = frozenset(
    {"blue", "grey", "green", "teal", "purple", "magenta", "red", "orange", "yellow"}
)
DEFAULT_COLOUR = "blue"


class Tag(NamedTuple):
    label: str
    colour: str

    def html(self) -> SafeString:
        return _tag_html(self.label, self.colour)


@cache
def _tag_html(label: str, colour: str) -> SafeString:
    """A tag's markup, made once per process (a page may show 100 tags)."""
    if colour == DEFAULT_COLOUR:
        return format_html('<strong class="govuk-tag">{}</strong>', label)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label
    )


class TagSet(NamedTuple):
    tags: dict[str, Tag]
    otherwise: Tag | None


_TAG_SETS: dict[str, TagSet] = {}


def _tag(status, spec) -> Tag:
    if isinstance(spec, str):
        label, colour = getattr(status, "label", None), spec
        if label is None:
            raise ImproperlyConfigured(
                f"Status {status!r} has no label: give its tag as (label, colour)"
            )
    else:
        label, colour = spec
    if colour not in COLOURS:
        raise ImproperlyConfigured(
            f"{colour!r} is not a GOV.UK Frontend 6 tag colour: "
            f"use one of {', '.join(sorted(COLOURS))}"
        )
    return Tag(label, colour)


def status_tags(name: str, tags: Mapping, *, otherwise=None) -> None:
    """Declare the tag set ``name``, e.g. "plans.plan".

    ``tags`` maps each status (a TextChoices member or a string) to a colour,
    the words then being the member's label, or to a (words, colour) pair.
    ``otherwise`` is the status whose tag any value not in ``tags`` gets;
    without it such a value is an error.
    """
    table = {str(status): _tag(status, spec) for status, spec in tags.items()}
    if otherwise is not None and str(otherwise) not in table:
        raise ImproperlyConfigured(f"{name}: otherwise={otherwise!r} is not in tags")
    _TAG_SETS[name] = TagSet(
        table, table[str(otherwise)] if otherwise is not None else None
    )


def tag_for(name: str, status) -> Tag:
    """The tag of ``status`` in the set ``name``."""
    try:
        tag_set = _TAG_SETS[name]
    except KeyError:
        raise LookupError(f"No status tags are declared as {name!r}") from None
    tag = tag_set.tags.get("" if status is None else str(status), tag_set.otherwise)
    if tag is None:
        raise LookupError(f"{name}: no tag for {status!r}")
    return tag


# Draftable content (plan sections, priorities, actions) as officers see it.
PUBLICATION = "core.publication"
UNPUBLISHED = "unpublished"
DRAFT_CHANGES = "draft_changes"
PUBLISHED = "published"


def publication_state(item) -> str:
    """Whether residents see ``item`` (with ``is_published`` and ``has_draft``),
    and whether officers have changes to it they have not published yet."""
    if not item.is_published:
        return UNPUBLISHED
    return DRAFT_CHANGES if item.has_draft else PUBLISHED


def declare_publication_tags() -> None:
    status_tags(
        PUBLICATION,
        {
            UNPUBLISHED: ("Not published", "yellow"),
            DRAFT_CHANGES: ("Draft changes", "blue"),
            PUBLISHED: ("Published", "green"),
        },
    )

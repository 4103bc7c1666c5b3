"""Public addresses made of slugs, without asking ``reverse`` every time.

A page listing 30 partnerships, 50 priorities or 100 actions asked Django's
``reverse`` once per link (about 20 microseconds each: the resolver, the
converters' checks, quoting). Every address whose parts are all slugs has the
same shape for a given view: ``slug_url`` asks ``reverse`` once per view name,
argument names, URL configuration and script prefix, keeps the address as a
template, and fills in the slugs.

For views whose arguments are all ``slug`` path converters. Only values that
look like slugs are filled in this way (letters, digits, hyphens and
underscores: nothing to quote, and exactly what the ``slug`` converter
accepts); anything else goes through ``reverse`` itself, so an address is
always what ``reverse`` would give, or the same error.
"""

import re
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
# Stands in for each value while the template is made; a slug no real page has.
_MARKER = "zz0slot0{}0zz"


@lru_cache(maxsize=256)
def _template(viewname: str, names: tuple[str, ...], urlconf, prefix: str):
    """The address of ``viewname`` as a format string with a field per name,
    or None when it cannot be made from marker slugs."""
    markers = {name: _MARKER.format(i) for i, name in enumerate(names)}
    try:
        address = reverse(viewname, kwargs=markers, urlconf=urlconf)
    except NoReverseMatch:
        return None
    if any(address.count(marker) != 1 for marker in markers.values()):
        return None
    template = address.replace("{", "{{").replace("}", "}}")
    for name, marker in markers.items():
        template = template.replace(marker, f"{{{name}}}")
    return template


def is_plain_slug(value) -> bool:
    """Letters, digits, hyphens and underscores: what an address carries as it
    is, and what the ``slug`` converter accepts."""
    return isinstance(value, str) and _SLUG.match(value) is not None


def slug_url(viewname: str, **slugs: str) -> str:
    """``reverse(viewname, kwargs=slugs)``, from a template kept per process."""
    template = None
    if all(is_plain_slug(value) for value in slugs.values()):
        template = _template(
            viewname, tuple(sorted(slugs)), get_urlconf(), get_script_prefix()
        )
    if template is None:
        return reverse(viewname, kwargs=slugs)
    return template.format_map(slugs)

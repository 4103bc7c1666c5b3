"""Template filters of the search page."""

from django import template

from portal.site.search_terms import highlight_markup

register = template.Library()


@register.filter
def highlighted(text, words=None):
    """Text marked by the search selector as safe HTML: escaped, matches in <mark>.

    ``{{ entry.summary_marked|highlighted:40 }}`` keeps the first 40 words.
    """
    return highlight_markup(text, words=int(words) if words else None)

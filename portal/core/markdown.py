"""Markdown to safe HTML for content written by officers.

Markdown is converted with Python-Markdown, then sanitised with nh3 (the Rust
ammonia sanitiser): only the tags below survive, links keep http(s) and mailto
schemes and get rel="noopener noreferrer". Headings are shifted down two levels
so a section's Markdown can never add a second h1 or compete with its h2.
"""

import re
from functools import lru_cache

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
_HEADING = re.compile(r"<(/?)h([1-6])([^>]*)>")


def _demote(match):
    level = min(int(match.group(2)) + 2, 6)
    return f"<{match.group(1)}h{level}{match.group(3)}>"


# The HTML depends on the text alone, so each process keeps the most recent
# renderings: a busy page no longer parses the same Markdown on every request.
@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Return sanitised HTML for ``text``; the result is safe to mark as such."""
    if not text:
        return ""
    html = md.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = _HEADING.sub(_demote, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )

"""Markdown to safe HTML for content written by officers.

Markdown is parsed by cmark-gfm (cmarkgfm: GitHub's C implementation of
CommonMark, whose time grows in line with the text and which recurses on no
input) with its table extension in its safe mode (raw HTML and unsafe links
are dropped), then sanitised with nh3 (the Rust ammonia sanitiser) all the
same: only the tags below
survive, links keep http(s) and mailto schemes and get rel="noopener
noreferrer". Headings are shifted down two levels so a section's Markdown can
never add a second h1 or compete with its h2.

Every Markdown field is at most ``MAX_LENGTH`` characters (``MarkdownField`` in
``portal.core.staff_forms`` refuses longer text with a clear message, and
``check_markdown`` refuses text that cannot be rendered), and no input under
that length takes more than 100 ms to render (tests/portal/core/test_markdown.py
times the known pathological shapes).
"""

import re
from functools import lru_cache

import cmarkgfm
import nh3
from django.core.exceptions import ValidationError

MAX_LENGTH = 50_000
# Lists in lists and quotes in quotes deeper than this are refused: nobody
# writes them, and the sanitiser's time grows with the square of the depth.
MAX_NESTING = 16
_NESTING_TAG = re.compile(r"<(/?)(?:blockquote|ul|ol|li)[\s>]")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
_HEADING = re.compile(r"<(/?)h([1-6])([^>]*)>")


def _demote(match):
    level = min(int(match.group(2)) + 2, 6)
    return f"<{match.group(1)}h{level}{match.group(3)}>"


def _nesting(html: str) -> int:
    """How deeply lists and quotes are nested in ``html`` (one linear scan)."""
    depth = deepest = 0
    for match in _NESTING_TAG.finditer(html):
        if match.group(1):
            depth -= 1
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def check_markdown(text: str) -> None:
    """Raise ValidationError if ``text`` cannot be rendered safely."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"The text must be {MAX_LENGTH:,} characters or fewer "
            f"(it has {len(text):,})",
            code="markdown_too_long",
        )
    try:
        _render(text)
    except (RecursionError, ValueError) as error:
        raise ValidationError(
            f"Lists and quotes can be nested {MAX_NESTING} levels deep at most. "
            "Check the text's lists and quotes, then save again",
            code="markdown_unrenderable",
        ) from error


def _render(text: str) -> str:
    # Options 0: CommonMark's safe mode drops raw HTML and javascript:,
    # vbscript:, file: and data: links; nh3 then checks what is left.
    html = cmarkgfm.markdown_to_html_with_extensions(
        text, options=0, extensions=["table"]
    )
    if _nesting(html) > MAX_NESTING:
        raise ValueError("nested too deeply")
    html = _HEADING.sub(_demote, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# The HTML depends on the text alone, so each process keeps the most recent
# renderings: a busy page no longer parses the same Markdown on every request.
@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Return sanitised HTML for ``text``; the result is safe to mark as such.

    Text longer than ``MAX_LENGTH`` (which no form accepts) is cut there, and
    text that still cannot be rendered is shown escaped, never as a 500.
    """
    if not text:
        return ""
    text = text[:MAX_LENGTH]
    try:
        return _render(text)
    except (RecursionError, ValueError):
        return f"<p>{nh3.clean_text(text)}</p>"

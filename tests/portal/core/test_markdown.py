import time

import pytest
from django.core.exceptions import ValidationError

from portal.core.markdown import MAX_LENGTH, check_markdown, render_markdown


def test_lists_and_emphasis_survive():
    """Ordinary Markdown becomes HTML."""
    html = render_markdown("Some **bold** text\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


def test_scripts_handlers_and_javascript_links_are_removed():
    """Raw HTML and dangerous links are stripped."""
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(1)">'
        "[x](javascript:alert(1)) <a href='https://example.org' onclick='x()'>ok</a>"
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<img" not in html


def test_headings_never_compete_with_the_page():
    """A Markdown h1 or h2 becomes h3 or h4, so a page keeps one h1."""
    html = render_markdown("# Big\n\n## Smaller")
    assert "<h1>" not in html
    assert "<h2>" not in html
    assert "<h3>Big</h3>" in html
    assert "<h4>Smaller</h4>" in html


def test_links_get_a_safe_rel():
    """Links open safely."""
    assert 'rel="noopener noreferrer"' in render_markdown("[a](https://example.org)")


def test_renderings_are_reused_and_stay_correct():
    """The same text gives the same sanitised HTML from the per-process cache."""
    render_markdown.cache_clear()
    first = render_markdown("**Once** <script>x</script>")
    again = render_markdown("**Once** <script>x</script>")
    assert first == again
    assert "<script" not in again
    assert render_markdown.cache_info().hits == 1


# Text of the longest Markdown field, in the shapes known to make Markdown
# parsers recurse, backtrack or go quadratic.
def _fill(pattern: str) -> str:
    return (pattern * (MAX_LENGTH // len(pattern) + 1))[:MAX_LENGTH]


PATHOLOGICAL = {
    "ordered list markers": "1. " * 1000,
    "unclosed links": "[a](b " * 8000,
    "ordered list markers, longest": _fill("1. "),
    "unclosed links, longest": _fill("[a](b "),
    "quotes in quotes": _fill("> "),
    "bullets in bullets": _fill("- "),
    "indented lists": "".join("  " * i + "- x\n" for i in range(2000))[:MAX_LENGTH],
    "quoted bullets": _fill("> - "),
    "open brackets": _fill("["),
    "open images": _fill("!["),
    "nested links": ("[" * 5000 + "a" + "](b)" * 5000)[:MAX_LENGTH],
    "open link destinations": _fill("[a]("),
    "open link titles": _fill('[a](b "'),
    "emphasis": _fill("*a"),
    "mixed emphasis": _fill("*_"),
    "emphasis in links": _fill("*[a*](b)"),
    "backticks": _fill("`a"),
    "angle brackets": _fill("<a "),
    "entities": _fill("&#"),
    "html comments": _fill("<!--"),
    "autolinks": _fill("<http://"),
    "setext headings": _fill("a\n=\n"),
    "code fences": _fill("```\n"),
    "long table": "|a|b|\n|-|-|\n" + _fill("|x|y|\n")[: MAX_LENGTH - 12],
    "wide table": ("|" + "a|" * 2000 + "\n|" + "-|" * 2000 + "\n" + "|x" * 20000),
    "pipes": _fill("|\n"),
    "reference definitions": "".join(f"[a{i}]: /u{i}\n" for i in range(3000)),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_no_input_under_the_length_limit_takes_more_than_100_ms(name):
    """Each pathological shape renders (or is refused) in under 100 ms of CPU
    time, and never raises: Python-Markdown took 20 s on the unclosed links and
    hit the recursion limit on the list markers."""
    text = PATHOLOGICAL[name][:MAX_LENGTH]
    fastest = float("inf")
    for _ in range(5):  # the best of five: other processes share the cores
        render_markdown.cache_clear()
        started = time.process_time()
        html = render_markdown(text)
        fastest = min(fastest, time.process_time() - started)
    assert isinstance(html, str)
    assert fastest < 0.1, f"{name}: {fastest * 1000:.0f} ms"


def test_text_that_cannot_be_rendered_safely_is_refused_when_saved():
    """Too long, or nested too deep: a clear error, not a 500 later."""
    with pytest.raises(ValidationError, match="50,000 characters or fewer"):
        check_markdown("a" * (MAX_LENGTH + 1))
    with pytest.raises(ValidationError, match="nested 16 levels deep at most"):
        check_markdown("> " * 40 + "deep")
    check_markdown("- one\n  - two\n\n> a quote")


def test_what_cannot_be_rendered_shows_as_plain_text():
    """Text saved before the checks existed is shown escaped, never as a 500."""
    html = render_markdown("> " * 40 + "<b>deep</b>")
    assert "&lt;b&gt;deep" in html
    assert "<blockquote>" not in html


def test_the_section_form_refuses_markdown_it_cannot_show():
    """The staff form puts the refusal on the field, in the GOV.UK voice."""
    from plans.forms import SectionForm

    form = SectionForm(data={"title": "Deep", "body": "> " * 40 + "x", "version": 1})
    assert not form.is_valid()
    assert "nested 16 levels deep at most" in form.errors["body"][0]

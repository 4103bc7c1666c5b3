import pytest
from django.core.exceptions import ValidationError

from portal.core.markdown import MAX_LENGTH, check_markdown, render_markdown
from tests.portal.core.markdown_shapes import PATHOLOGICAL


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


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_no_input_under_the_length_limit_breaks_the_renderer(name):
    """Each pathological shape renders (or is refused) and never raises:
    Python-Markdown hit the recursion limit on the list markers. How long each
    takes is measured by `make bench` (bench/markdown_cases.py): it took 20 s on the
    unclosed links."""
    render_markdown.cache_clear()
    html = render_markdown(PATHOLOGICAL[name][:MAX_LENGTH])
    assert isinstance(html, str)


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

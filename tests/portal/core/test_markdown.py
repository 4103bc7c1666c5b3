from portal.core.markdown import render_markdown


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

"""Markdown text in the shapes known to make parsers recurse, backtrack or go
quadratic: rendered by tests/portal/core/test_markdown.py (never an error) and
timed by `make bench` (bench/markdown_cases.py).
"""

from portal.core.markdown import MAX_LENGTH


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

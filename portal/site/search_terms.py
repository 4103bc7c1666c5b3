"""The words of a search: synonyms of the field's vocabulary, and highlighting.

``synonyms.txt`` (beside this module) lists the acronyms and variants that mean
the same thing; its first lines say how to edit it. A search is widened when it
runs, never the index: each variant found in the words typed becomes "any of
its group", so editing the list needs no re-indexing.

Highlighting: PostgreSQL's ``ts_headline`` wraps matched words in two private
use characters that stored text cannot carry (they are stripped from it first);
``highlight_markup`` escapes the whole text and only then turns those two
characters into ``<mark>`` and ``</mark>``.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")

MARK_START = "\ue000"
MARK_STOP = "\ue001"

# A quoted phrase is the resident's own: it is searched as typed.
_QUOTED = re.compile(r'"[^"]*"?')


@dataclass(frozen=True)
class SearchTerms:
    """A search split into synonym groups found in it and the words left over.

    ``groups``: for each vocabulary term found, every variant of its group.
    ``rest``: the remaining text, for the websearch parser (quotes, "-word").
    """

    groups: tuple[tuple[str, ...], ...]
    rest: str


def _key(text: str) -> str:
    return " ".join(re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", text).lower().split())


def synonym_groups_parse(text: str) -> list[tuple[str, ...]]:
    """The groups in the synonyms file's format; ValueError if one is malformed."""
    groups, seen = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        variants = tuple(v.strip() for v in line.split("|") if v.strip())
        if len(variants) < 2:
            raise ValueError(f"Line {number} has fewer than two variants.")
        for variant in variants:
            key = _key(variant)
            if key in seen:
                raise ValueError(
                    f"Line {number}: {variant!r} is already in line {seen[key]}."
                )
            seen[key] = number
        groups.append(variants)
    return groups


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """The groups of ``synonyms.txt``, read once per process."""
    return tuple(synonym_groups_parse(SYNONYMS_FILE.read_text(encoding="utf-8")))


def _variant_pattern(variant: str) -> str:
    words = [re.escape(w) for w in _key(variant).split()]
    # Whole words only: not inside another word, not a "-word" exclusion.
    return r"(?<![\w\-])" + r"[\s\-\u2010\u2011\u2013]+".join(words) + r"(?![\w\-])"


@cache
def _matchers() -> tuple[tuple[re.Pattern, int], ...]:
    """One pattern per variant, longest first, with the index of its group."""
    variants = [
        (variant, index)
        for index, group in enumerate(synonym_groups())
        for variant in group
    ]
    variants.sort(key=lambda item: len(_key(item[0])), reverse=True)
    return tuple(
        (re.compile(_variant_pattern(variant), re.IGNORECASE), index)
        for variant, index in variants
    )


def search_terms(query: str) -> SearchTerms:
    """Find the vocabulary's terms in ``query`` (outside quotes), longest first."""
    groups = synonym_groups()
    found: list[int] = []
    parts = []
    position = 0
    for quoted in _QUOTED.finditer(query):
        parts.append((query[position : quoted.start()], False))
        parts.append((quoted.group(0), True))
        position = quoted.end()
    parts.append((query[position:], False))
    rest = []
    for text, is_quoted in parts:
        if not is_quoted:
            for pattern, index in _matchers():

                def take(match, index=index):
                    if index not in found:
                        found.append(index)
                    return " "

                text = pattern.sub(take, text)
        rest.append(text)
    return SearchTerms(
        groups=tuple(groups[i] for i in found), rest=" ".join("".join(rest).split())
    )


def highlight_markup(text: str, words: int | None = None) -> SafeString:
    """``text`` escaped, with the words ``ts_headline`` marked wrapped in <mark>.

    With ``words``, only the first that many words, then "…" if any were left
    out. A mark left open is closed and a stray end is dropped, so the markup is
    always balanced.
    """
    text = " ".join((text or "").split())
    if words is not None:
        kept = text.split(" ")
        if len(kept) > words:
            text = " ".join(kept[:words]) + "…"
    out, open_mark = [], False
    for piece in re.split(f"({MARK_START}|{MARK_STOP})", text):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(escape(piece))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 -- every piece of text is escaped

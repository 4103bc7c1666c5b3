"""Histories say what changed in words, and name places (#12 item 5)."""

import datetime
from types import SimpleNamespace

from portal.core.drafting import CHANGE_DRAFT_SAVED, CHANGE_PUBLISHED
from portal.core.history import entries_for, word_diff


def record(n, reason, **values):
    return SimpleNamespace(
        history_id=n,
        history_date=datetime.datetime(2026, 1, n, tzinfo=datetime.UTC),
        history_change_reason=reason,
        history_type="~",
        history_user=None,
        draft=values.pop("draft", {}),
        **values,
    )


def test_a_longer_text_shows_the_words_removed_and_added():
    old_parts, new_parts = word_diff(
        "Reduce burglary in the town centre by working with shops.",
        "Reduce burglary and robbery in the town centre by working with shops.",
    )
    assert [p["text"].strip() for p in new_parts if p["changed"]] == ["and robbery"]
    assert not any(p["changed"] for p in old_parts)
    assert "".join(p["text"] for p in old_parts) == (
        "Reduce burglary in the town centre by working with shops."
    )


def test_short_values_are_shown_whole():
    assert word_diff("On track", "At risk") is None
    assert word_diff("", "Some new words in a text") is None


def test_public_history_marks_the_changed_words():
    entries = entries_for(
        [
            record(1, CHANGE_PUBLISHED, summary="Make the town centre safer at night."),
            record(2, CHANGE_PUBLISHED, summary="Make the town centre safer by day."),
        ],
        fields={"summary": "Summary"},
        drafts=False,
    )
    change = entries[0]["changes"][0]
    assert [p["text"] for p in change["old_parts"] if p["changed"]] == ["at night."]
    assert [p["text"] for p in change["new_parts"] if p["changed"]] == ["by day."]


def test_places_in_a_draft_are_named_not_numbered():
    entries = entries_for(
        [
            record(1, CHANGE_PUBLISHED),
            record(2, CHANGE_DRAFT_SAVED, draft={"locations": [101, 102]}),
        ],
        fields={},
        names={"locations": {101: "Kingston Town", 102: "Norbiton"}},
    )
    change = entries[0]["changes"][0]
    assert change["new"] == "Kingston Town\nNorbiton"
    assert "101" not in change["new"]

"""Readable change history from django-simple-history records.

Officers see every change, drafts included; residents see what changed each
time an item was published.
"""

from portal.core.drafting import (
    CHANGE_DRAFT_SAVED,
    CHANGE_PUBLISHED,
    CHANGE_UNPUBLISHED,
)

MISSING = "Not set"
TYPE_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _label(value, names: dict) -> str:
    try:
        return str(names.get(value, value))
    except TypeError:  # unhashable: a list or mapping inside a draft
        return str(value)


def _show(value, names: dict) -> str:
    if value in (None, "", [], {}):
        return MISSING
    if isinstance(value, dict):
        # A mapping in a draft (kind -> detail): one "label: detail" per line.
        return "\n".join(
            f"{_label(k, names)}: {v}" if v else _label(k, names)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return "\n".join(_label(v, names) for v in value)
    return _label(value, names)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "The system"
    return user.get_full_name() or user.email or user.get_username()


def _changes(old, new, fields: dict, names: dict) -> list[dict]:
    changes = []
    for attname, label in fields.items():
        before = getattr(old, attname, None) if old is not None else None
        after = getattr(new, attname, None)
        if before != after:
            changes.append(
                {
                    "label": label,
                    "old": _show(before, names.get(attname, {})),
                    "new": _show(after, names.get(attname, {})),
                }
            )
    return changes


def _draft_changes(old, new, fields: dict, names: dict) -> list[dict]:
    before = (getattr(old, "draft", None) or {}) if old is not None else {}
    after = getattr(new, "draft", None) or {}
    changes = []
    for name, value in after.items():
        if before.get(name, object()) != value:
            attname = name + "_id" if name + "_id" in fields else name
            label = fields.get(attname, name.replace("_", " ").capitalize())
            changes.append(
                {
                    "label": f"{label} (draft)",
                    "old": _show(before.get(name), names.get(attname, {})),
                    "new": _show(value, names.get(attname, {})),
                }
            )
    return changes


def entries_for(
    records, *, fields: dict, names: dict | None = None, subject: str = "", drafts=True
) -> list[dict]:
    """Timeline entries, newest first, from one object's historical records.

    ``records`` may be in any order; ``fields`` maps attribute names (``*_id``
    for foreign keys) to labels; ``names`` maps an attribute to {value: label}.
    Without ``drafts``, only publishing events are listed, each compared with
    the previous published state.
    """
    names = names or {}
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    entries, previous, last_published = [], None, None
    for record in ordered:
        reason = record.history_change_reason or TYPE_LABELS[record.history_type]
        if drafts:
            changes = _changes(previous, record, fields, names)
            if reason == CHANGE_DRAFT_SAVED:
                changes = _draft_changes(previous, record, fields, names)
            entries.append(
                {
                    "when": record.history_date,
                    "who": _who(record),
                    "what": f"{subject}: {reason}" if subject else reason,
                    "changes": changes,
                }
            )
        elif reason in (CHANGE_PUBLISHED, CHANGE_UNPUBLISHED):
            changes = (
                _changes(last_published, record, fields, names)
                if reason == CHANGE_PUBLISHED and last_published is not None
                else []
            )
            entries.append(
                {
                    "when": record.history_date,
                    "who": _who(record),
                    "what": "First published"
                    if reason == CHANGE_PUBLISHED and last_published is None
                    else reason,
                    "changes": changes,
                }
            )
            if reason == CHANGE_PUBLISHED:
                last_published = record
        previous = record
    entries.reverse()
    return entries

"""Shared mechanics for draft and publish (see ``portal.core.models.Draftable``).

Services call these inside their own transactions. Values in a draft are JSON:
foreign keys as ids, dates and times as ISO strings, decimals as strings,
many-to-many and child lists as lists.
"""

import datetime
import decimal

from django.db import models
from django.utils import timezone
from django.utils.text import slugify

CHANGE_DRAFT_SAVED = "Draft saved"
CHANGE_PUBLISHED = "Published"
CHANGE_UNPUBLISHED = "Unpublished"
CHANGE_CREATED = "Created"
# Fields outside the draft (an address, an attached file) changed at once.
CHANGE_DETAILS = "Details changed"


class EditConflict(Exception):
    """Someone else saved the item after this edit started.

    ``current`` is the item as it now stands, so the view can show both versions.
    """

    def __init__(self, current):
        super().__init__("The item was changed by someone else while you were editing.")
        self.current = current


def to_json(value):
    """A form value as it is stored in a draft."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):  # dates, and date-times
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [to_json(v) for v in value]
    return value


def stamp(obj, *, actor, reason: str) -> None:
    """Record a write to a versioned item: a new version, and who and why for
    its change history."""
    obj.version += 1
    obj._change_reason = reason
    obj._history_user = actor


def lock_for_edit(model, *, pk: int, version: int | None):
    """Re-read the row under a lock; refuse if it moved on since ``version``."""
    current = model.objects.select_for_update().get(pk=pk)
    if version is not None and current.version != version:
        raise EditConflict(current)
    return current


def save_draft(obj, *, values: dict, actor) -> None:
    """Store ``values`` in the object's draft and bump its version.

    Values for fields not named keep what the draft already held, so a page
    that edits part of an item (what informed a priority) keeps the draft of
    the rest.
    """
    unknown = set(values) - set(obj.DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not draft fields of {type(obj).__name__}: {sorted(unknown)}")
    obj.draft = {
        **(obj.draft or {}),
        **{name: to_json(value) for name, value in values.items()},
    }
    obj.draft_saved_at = timezone.now()
    obj.draft_saved_by = actor
    stamp(obj, actor=actor, reason=CHANGE_DRAFT_SAVED)


def working_value(obj, name: str):
    """The value an officer is working on: the draft's if any, else the live one."""
    if obj.draft is not None and name in obj.draft:
        return obj.draft[name]
    field = obj._meta.get_field(name) if name in _concrete_names(obj) else None
    if field is not None and field.many_to_one:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _concrete_names(obj) -> set[str]:
    return {f.name for f in obj._meta.concrete_fields}


def apply_draft(obj, *, actor, skip: tuple[str, ...] = ()) -> dict:
    """Copy the draft's plain fields onto the live fields; return what remains.

    Fields named in ``skip`` (lists such as objectives) are returned for the
    caller to apply. The draft is cleared and the version bumped.
    """
    draft = obj.draft or {}
    rest = {}
    for name, value in draft.items():
        if name in skip:
            rest[name] = value
            continue
        field = obj._meta.get_field(name)
        if field.many_to_one:
            setattr(obj, field.attname, value)
        elif isinstance(field, models.DateTimeField) and value:
            setattr(obj, name, datetime.datetime.fromisoformat(value))
        elif isinstance(field, models.DateField) and value:
            setattr(obj, name, datetime.date.fromisoformat(value))
        else:
            setattr(obj, name, value)
    obj.draft = None
    obj.draft_saved_at = None
    obj.draft_saved_by = None
    stamp(obj, actor=actor, reason=CHANGE_PUBLISHED)
    return rest


def unique_slug(queryset, *, title: str, fallback: str) -> str:
    """A slug from ``title`` not yet used in ``queryset``, with -2, -3... if need be."""
    base = slugify(title)[:180] or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug

"""Any API list as a CSV file: every matching row, streamed, formulas neutralised.

The columns come from the list's serializer, flattened: a nested object becomes
one column per field (``area_code``, ``area_name``), a list becomes one cell
with its items joined by "; " (for a list of objects, each item's name, title,
text or label). Rows are read in chunks, so memory stays flat however long the
list; each cell goes through ``portal.core.csvexport.safe_cell``.
"""

from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from rest_framework import serializers

from portal.core.csvexport import csv_lines

CHUNK_SIZE = 1000
ITEM_KEYS = ("name", "title", "text", "label", "code")


def _columns(serializer, prefix=()) -> list[tuple[str, ...]]:
    """Paths to every leaf of the serializer's output."""
    paths = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            paths += _columns(field, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def _item_text(item) -> str:
    if isinstance(item, dict):
        for key in ITEM_KEYS:
            if item.get(key) not in (None, ""):
                return str(item[key])
        return ", ".join(str(v) for v in item.values() if v not in (None, ""))
    return "" if item is None else str(item)


def _cell(data, path):
    value = data
    for name in path:
        if not isinstance(value, dict):
            return ""
        value = value.get(name)
    if isinstance(value, list):
        return "; ".join(_item_text(item) for item in value)
    if isinstance(value, dict):
        return _item_text(value)
    return value


def csv_rows(
    serializer: serializers.ListSerializer,
    chunks: Iterable[list],
    prepare: Callable[[list], list],
) -> Iterator[str]:
    """CSV lines: the header, then each object of each chunk, serialized by
    the list serializer (``many=True``) with its context."""
    paths = _columns(serializer.child)

    def rows():
        for chunk in chunks:
            for data in serializer.to_representation(prepare(chunk)):
                yield [_cell(data, path) for path in paths]

    return csv_lines(["_".join(path) for path in paths], rows())


def chunked(queryset, size: int = CHUNK_SIZE) -> Iterator[list]:
    """The queryset in lists of ``size``, read with a server-side cursor where
    the database has one (prefetches are done per chunk)."""
    chunk = []
    for obj in queryset.iterator(chunk_size=size):
        chunk.append(obj)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def csv_response(lines: Iterator[str], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

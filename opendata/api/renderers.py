"""JSON or CSV, chosen by the ``format`` query parameter alone.

The ``Accept`` header is ignored, so every address has exactly one answer and
can be cached (and given an ETag) without ``Vary: Accept``. A list asked for
with ``?format=csv`` streams every matching row as CSV (``opendata.downloads``);
errors are always JSON.
"""

from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """Stands for ``text/csv`` in negotiation and in the schema.

    Lists answer CSV with a streaming response of their own, so this renders
    only what is left (a dict) as a one-row file.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from portal.core.csvexport import csv_lines

        if isinstance(data, dict):
            return "".join(csv_lines(list(data), [list(data.values())]))
        return ""


class FormatParameterNegotiation(BaseContentNegotiation):
    """The first renderer (JSON) unless ``?format=`` names another one."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get("format")
        if not wanted:
            renderer = renderers[0]
            return renderer, renderer.media_type
        for renderer in renderers:
            if renderer.format == wanted:
                return renderer, renderer.media_type
        raise NotFound(f"This address has no {wanted!r} format.")

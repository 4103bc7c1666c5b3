"""What drf-spectacular cannot see in the views: added to every operation.

The middleware (``opendata.api.middleware``) answers 304 and 429 for every
address; lists answer 400 for a filter value that does not fit and 404 for a
page past the end; lists have a CSV format, which is text, not the JSON
object. This hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``) writes
that into the schema so that clients and Schemathesis know it.
"""

ERROR = {"$ref": "#/components/schemas/Error"}
CACHE_HEADERS = {
    "ETag": {
        "description": "A strong validator of this answer: send it back in "
        "If-None-Match to get 304 when nothing changed.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When this answer was first given with this content.",
        "schema": {"type": "string"},
    },
}
CONDITIONAL_PARAMETERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "schema": {"type": "string"},
        "description": "An ETag from an earlier answer: 304 if it still matches.",
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "schema": {"type": "string"},
        "description": "An HTTP date: 304 if nothing changed since.",
    },
]
FORMAT_PARAMETER = {
    "in": "query",
    "name": "format",
    "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
    "description": "csv: every matching row (no pages) as a CSV file.",
}


def _json(schema, description):
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def add_common_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: the answers every operation may give."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }
    components["ValidationError"] = {
        "type": "object",
        "description": "Each parameter that did not fit, with what was wrong.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation["responses"]
            ok = responses.get("200", {})
            ok["description"] = ok.get("description") or "The answer."
            ok.setdefault("headers", {}).update(CACHE_HEADERS)
            content = ok.get("content", {})
            parameters = operation.setdefault("parameters", [])
            if "text/csv" in content:
                content["text/csv"] = {"schema": {"type": "string"}}
                parameters[:] = [p for p in parameters if p["name"] != "format"]
                parameters.append(FORMAT_PARAMETER)
            if any(p["in"] == "query" for p in parameters):
                responses["400"] = _json(
                    {"$ref": "#/components/schemas/ValidationError"},
                    "A parameter's value does not fit.",
                )
            parameters.extend(CONDITIONAL_PARAMETERS)
            responses["304"] = {
                "description": "Not modified since the ETag or date sent.",
                "headers": CACHE_HEADERS,
            }
            responses["404"] = _json(ERROR, "Not found, not public, or no such page.")
            responses["429"] = {
                **_json(ERROR, "Too many requests from this client: wait and retry."),
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer"},
                    }
                },
            }
    return result

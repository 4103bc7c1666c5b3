"""The API reference pages, read from the OpenAPI schema the code generates.

No Swagger UI or Redoc (they need scripts and styles the site's Content
Security Policy does not allow, and would not look like the rest of the site):
the same schema that ``/api/v1/schema/`` serves is turned into plain GOV.UK
pages - operations grouped by resource, their parameters, their answers and
the fields of each row - so the reference can never drift from the API.
"""

import functools

from drf_spectacular.generators import SchemaGenerator

SKIPPED_PARAMETERS = {"If-None-Match", "If-Modified-Since"}


@functools.cache
def api_schema() -> dict:
    """The OpenAPI schema, made once per process: it changes only with the code."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0], components)
    return schema


def describe_type(schema: dict, components: dict) -> str:
    """A short human description of a schema's type, such as "date or null"."""
    nullable = schema.get("nullable", False)
    options = [s for s in schema.get("oneOf", []) if s.get("type") != "null"]
    if options:
        schema = {**schema, **options[0]}
        nullable = nullable or len(options) < len(schema.get("oneOf", []))
    schema = {**_resolve(schema, components), **{"nullable": nullable}}
    kind = schema.get("type", "value")
    if "enum" in schema:
        values = ", ".join(f"“{v}”" for v in schema["enum"] if v not in ("", None))
        text = f"one of {values}"
        if "" in schema["enum"]:
            text += ", or empty"
    elif kind == "array":
        text = f"list of {describe_type(schema.get('items', {}), components)}"
    elif "format" in schema:
        text = f"{kind} ({schema['format']})"
    elif "pattern" in schema:
        text = f"{kind} matching {schema['pattern']}"
    else:
        text = kind
    if "minimum" in schema and "maximum" in schema:
        text += f" from {schema['minimum']} to {schema['maximum']}"
    if schema.get("nullable"):
        text += " or null"
    return text


def fields(schema: dict, components: dict, prefix: str = "") -> list[dict]:
    """Every field of an object schema, nested objects flattened as a.b."""
    schema = _resolve(schema, components)
    rows = []
    for name, field in schema.get("properties", {}).items():
        resolved = _resolve(field, components)
        label = f"{prefix}{name}"
        item = resolved.get("items", {})
        if resolved.get("type") == "object" and "properties" in resolved:
            rows += fields(resolved, components, f"{label}.")
        elif resolved.get("type") == "array" and "$ref" in item:
            rows.append(
                {
                    "name": label,
                    "type": "list of objects",
                    "description": field.get("description", ""),
                }
            )
            rows += fields(item, components, f"{label}[].")
        else:
            rows.append(
                {
                    "name": label,
                    "type": describe_type(field, components),
                    "description": field.get("description", "")
                    or resolved.get("description", ""),
                }
            )
    return rows


def _row_schema(operation: dict, components: dict) -> tuple[bool, dict | None]:
    """(is a paginated list, the schema of one row) of a 200 JSON answer."""
    content = operation["responses"].get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return False, None
    schema = _resolve(schema, components)
    results = schema.get("properties", {}).get("results")
    if results is not None and results.get("type") == "array":
        return True, results["items"]
    return False, schema


def operations() -> list[dict]:
    """The reference: resources in order, each with its operations."""
    schema = api_schema()
    components = schema.get("components", {}).get("schemas", {})
    resources: dict[str, dict] = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            tag = (operation.get("tags") or ["api"])[0]
            resource = resources.setdefault(
                tag,
                {
                    "id": tag,
                    "title": tag.replace("-", " ").capitalize(),
                    "operations": [],
                },
            )
            paginated, row = _row_schema(operation, components)
            content = operation["responses"].get("200", {}).get("content", {})
            resource["operations"].append(
                {
                    "id": operation["operationId"].replace("_", "-"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "paginated": paginated,
                    "csv": "text/csv" in content,
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {
                                "query": "query",
                                "path": "address",
                                "header": "header",
                            }[p["in"]],
                            "type": describe_type(p.get("schema", {}), components),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                        if p["name"] not in SKIPPED_PARAMETERS
                    ],
                    "responses": [
                        {"status": code, "description": answer.get("description", "")}
                        for code, answer in sorted(operation["responses"].items())
                    ],
                    "fields": fields(row, components) if row else [],
                }
            )
    return list(resources.values())

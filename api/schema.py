"""What the OpenAPI schema says about the token scheme."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}


ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A form's errors: each field's messages (or ``detail``).
INVALID = {"type": "object", "additionalProperties": True}
ERRORS = {
    "401": ("Not signed in, or the token is unknown, expired or revoked.", ERROR),
    "403": ("The account may not call this endpoint.", ERROR),
    "429": ("Too many requests: try again later.", ERROR),
}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _looks_up(parameter: dict[str, Any]) -> bool:
    """A page number, or a required query parameter naming one thing: may find nothing."""
    return parameter.get("name") == "page" or bool(parameter.get("required"))


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: Any
) -> dict[str, Any]:
    """Every operation's error answers, as DRF gives them: refused (401, 403), throttled
    (429), not found (404: an object out of scope, a page past the end) and invalid (400)."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, (description, schema) in ERRORS.items():
                responses.setdefault(code, _response(description, schema))
            if "{" in path or any(_looks_up(p) for p in operation.get("parameters", [])):
                responses.setdefault("404", _response("Not found (or outside your area).", ERROR))
            if method in {"post", "put", "patch"} or operation.get("parameters"):
                responses.setdefault("400", _response("Invalid request.", INVALID))
    return result

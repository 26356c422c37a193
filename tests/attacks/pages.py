"""What a page says: its context, form errors and row count, its HTML, its forms and links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from django.core.paginator import Page
from django.forms import BaseForm
from django.http import HttpResponse


def context_values(response: HttpResponse) -> list[Any]:
    context = getattr(response, "context", None)
    if context is None:
        return []
    found: list[Any] = []
    layers = context if isinstance(context, list) else [context]
    for layer in layers:
        flat = layer.flatten() if hasattr(layer, "flatten") else dict(layer)
        found.extend(flat.values())
    return found


def form_errors(response: HttpResponse) -> dict[str, Any]:
    """Errors of the bound forms the page was rendered with (admin forms included)."""
    errors: dict[str, Any] = {}
    for value in context_values(response):
        form = getattr(value, "form", value)  # the admin wraps its form
        if isinstance(form, BaseForm) and form.is_bound and form.errors:
            errors.update(form.errors)
    return errors


def result_count(response: HttpResponse) -> int | None:
    """How many rows a list page found: its paginator's count, or the admin's."""
    for value in context_values(response):
        if isinstance(value, Page):
            return value.paginator.count
        if hasattr(value, "result_count") and hasattr(value, "result_list"):
            return int(value.result_count)
    return None


def is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def html_of(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, file, hidden, submit, date, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class ParsedForm:
    action: str
    method: str
    enctype: str = ""
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (urlsplit(self.action).path, tuple(sorted(self.fields)))


class _FormParser(HTMLParser):
    """The forms of a page with their fields; htmx ``hx-post`` buttons count as forms."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[ParsedForm] = []
        self._form: ParsedForm | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def _add(self, item: Field) -> None:
        if self._form is None or not item.name or item.name == "csrfmiddlewaretoken":
            return
        known = self._form.fields.get(item.name)
        if known is None:
            self._form.fields[item.name] = item
            return
        # Checkbox groups and radio buttons: one field, many values.
        known.options.extend(item.options)
        known.value = known.value or item.value
        known.multiple = known.multiple or item.kind == "checkbox"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = ParsedForm(
                action=urljoin(self.page_url, found.get("action") or self.page_url),
                method=found.get("method", "get").lower(),
                enctype=found.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif "hx-post" in found:
            self.forms.append(ParsedForm(urljoin(self.page_url, found["hx-post"]), "post"))
        if tag == "input":
            kind = found.get("type", "text").lower()
            value = found.get("value", "")
            if kind in {"checkbox", "radio"}:
                option = value or "on"
                value = option if "checked" in found else ""
                self._add(Field(found.get("name", ""), kind, value, [option]))
            else:
                self._add(Field(found.get("name", ""), kind, value, [value] if value else []))
        elif tag == "button" and found.get("name"):
            self._add(
                Field(found["name"], "submit", found.get("value", ""), [found.get("value", "")])
            )
        elif tag == "select":
            self._select = Field(found.get("name", ""), "select", multiple="multiple" in found)
        elif tag == "option" and self._select is not None:
            value = found.get("value", "")
            self._select.options.append(value)
            if "selected" in found or not self._select.value:
                self._select.value = value
        elif tag == "textarea":
            self._textarea = Field(found.get("name", ""), "textarea")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            self._add(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.lstrip("\n")
            self._add(self._textarea)
            self._textarea = None


def forms_in(html: str, page_url: str) -> list[ParsedForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


LINK_QUERY = re.compile(r"""href=["']\?([^"']*)["']""")


def query_params_in_links(html: str) -> set[str]:
    """Parameter names of the page's links to itself (``href="?sort=name"``)."""
    names: set[str] = set()
    for query in LINK_QUERY.findall(html):
        names |= set(parse_qs(unescape(query), keep_blank_values=True))
    return names

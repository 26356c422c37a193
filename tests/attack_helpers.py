"""Shared pieces of the attack tests: the URL walk, objects in scope, form parsing, payloads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
from django.db import connection, models
from django.forms import BaseForm
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cadres import checkin as checkin_services
from cadres.models import Cadre, CheckIn, Need, Post, ServiceKind, SpecialtyTag
from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import ScopedLookup
from tests.conftest import client_for
from tests.factories.accounts import StaffFactory
from tests.factories.cadres import (
    CadreFactory,
    CheckInFactory,
    NeedAssignmentFactory,
    NeedFactory,
    PostFactory,
    ServiceKindFactory,
    SpecialtyTagFactory,
)
from tests.factories.scoped import object_in

# The packages whose apps hold the portal's data (the audit trail is counted apart: a
# refused sign-in is itself an event, by design).
DATA_PACKAGES = ("laoshan_portal", "cadres", "workrooms", "volunteering", "campaigns")

XSS_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "js": "javascript:alert(1)",
}
# What must never reach a page unescaped, whatever field the payload went into.
XSS_MARKERS = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(1)>")

SQL_PAYLOADS = [
    "' OR 1=1 --",
    "1; DROP TABLE cadres_cadre",
    "%' AND 1=0 UNION SELECT username, password, 1, 1 FROM accounts_user --",
    '") OR ("1"="1',
    "1 OR 1=1",
    "' OR ''='",
]

# Values every form field gets now and then: injections, oversized, odd numbers and dates.
FUZZ_PAYLOADS = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "None",
    *SQL_PAYLOADS,
    *XSS_PAYLOADS.values(),
    "{{ 7|add:7 }}{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "\x00",
    "a\x00b",
    "\r\n\r\nSet-Cookie: x=1",
    "\u202egnp.exe",
    "\u200b\ufeff",
    "😀" * 40,
    "好" * 5000,
    "A" * 100_000,
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "1900-01-01",
    "http://evil.example/",
    "//evil.example",
]


# --- the URL walk -------------------------------------------------------------------


def walk_urls(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[tuple[str, Any]]:
    """(name, pattern) of every named URL pattern, admin included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def url_kwargs(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)


def url_names(*, with_args: bool | None = None) -> list[str]:
    """Names of every URL (``with_args``: only those with/without arguments)."""
    found = []
    for name, pattern in walk_urls():
        has_args = bool(url_kwargs(pattern))
        if with_args is None or has_args == with_args:
            found.append(name)
    return sorted(set(found))


def pattern_named(name: str) -> URLPattern:
    return next(pattern for found, pattern in walk_urls() if found == name)


# --- objects in the district admin's scope ------------------------------------------


@dataclass
class World:
    """One object of each kind, all inside 崂山区, so object URLs can be filled in."""

    community: Area
    compound: Area
    cadre: Cadre
    other_cadre: Cadre
    checkin: CheckIn
    post: Post
    need: Need
    staff: User
    inactive_staff: User
    tag: SpecialtyTag
    kind: ServiceKind
    extra: dict[type[models.Model], models.Model] = field(default_factory=dict)

    def object_for(self, model: type[models.Model]) -> models.Model:
        known: dict[type[models.Model], models.Model] = {
            Area: self.community,
            Cadre: self.cadre,
            CheckIn: self.checkin,
            Post: self.post,
            Need: self.need,
            User: self.staff,
            SpecialtyTag: self.tag,
            ServiceKind: self.kind,
            **self.extra,
        }
        if model not in known:
            # Any other scoped model: made by its factory (tests/factories/scoped.py).
            self.extra[model] = object_in(model, self.community)
            known[model] = self.extra[model]
        return known[model]


def make_world(tree: Any, roles: Any) -> World:
    community = tree.ruidu
    tag = SpecialtyTagFactory(name="书法")
    kind = ServiceKindFactory(name="矛盾调解")
    cadre = CadreFactory(
        area=tree.qiantaiju,
        name="王建国",
        former_unit="崂山区财政局",
        specialties=[tag],
        service_kinds=[kind],
    )
    other = CadreFactory(area=community, name="李秀英", gender="F")
    checkin = CheckInFactory(
        area=community, compound=tree.qiantaiju, name="张国强", source="qr", note="会书法"
    )
    post = PostFactory(cadre=cadre, area=tree.qiantaiju)
    need = NeedFactory(
        area=community,
        title="调解邻里纠纷",
        description="楼道堆物",
        status="matched",
        specialties=[tag],
    )
    NeedAssignmentFactory(need=need, cadre=other, assigned_by=roles.district_admin)
    NeedFactory(area=community, title="老年大学书法课")
    staff = StaffFactory(area=community, role=Role.SECRETARY, name="赵书记")
    inactive = StaffFactory(area=community, role=Role.VIEWER, name="钱离职", is_active=False)
    return World(
        community, tree.qiantaiju, cadre, other, checkin, post, need, staff, inactive, tag, kind
    )


# Query strings a page needs to show its form (the post form names its cadre).
EXTRA_QUERY = {
    "cadres:post_create": lambda world: f"?cadre={world.cadre.pk}",
    "cadres:cadre_merge": lambda world: f"?target={world.other_cadre.pk}",
}


# Deliberately public pages (``@public_object``) and how to make their signed links.
PUBLIC_URLS = {
    "cadres:checkin_public": lambda world: checkin_services.checkin_public_path(world.community),
}


def url_for(name: str, world: World | None) -> str:
    """The URL of pattern ``name`` filled in with objects of ``world``."""
    pattern = pattern_named(name)
    kwargs = url_kwargs(pattern)
    callback = pattern.callback
    query = EXTRA_QUERY[name](world) if name in EXTRA_QUERY and world is not None else ""
    if not kwargs:
        return reverse(name) + query
    if kwargs == {"app_label"}:
        return reverse(name, kwargs={"app_label": "cadres"})
    if world is None:
        raise LookupError(f"{name} takes {sorted(kwargs)}: give a world to fill them in")
    lookup = getattr(callback, "scoped_lookup", None)
    if isinstance(lookup, ScopedLookup):
        obj = world.object_for(lookup.model)
        return reverse(name, kwargs={lookup.kwarg: getattr(obj, lookup.field)}) + query
    if name in PUBLIC_URLS:
        return PUBLIC_URLS[name](world)
    if getattr(callback, "public_lookup", None) is not None:
        # A public page whose link is signed and not known here: a wrong signature is a
        # 404, which still goes through CSRF and the URL's own checks.
        return reverse(name, kwargs=dict.fromkeys(kwargs, "0"))
    if name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(Cadre)
        return reverse(name, args=[content_type.pk, world.cadre.pk])
    model_admin = getattr(callback, "model_admin", None) or getattr(
        getattr(callback, "__wrapped__", None), "__self__", None
    )
    model = getattr(model_admin, "model", None)
    if model is not None and len(kwargs) == 1:
        return reverse(name, kwargs={next(iter(kwargs)): world.object_for(model).pk})
    raise LookupError(f"attack tests do not know how to fill {name} {sorted(kwargs)}")


def admin_client(roles: Any) -> Client:
    return client_for(roles.district_admin)


def csrf_checking_client(user: User | None) -> Client:
    """A client that, like a browser, must send the CSRF token (the test client need not)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.cookies = client_for(user).cookies
    return client


# --- what changed -------------------------------------------------------------------


def data_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.split(".")[0] in DATA_PACKAGES
        and model._meta.app_label != "audit"
    ]


@cache
def _counted_tables() -> tuple[tuple[str, str], ...]:
    # A model whose migration is still being written has no table yet: nothing to count.
    tables = set(connection.introspection.table_names())
    return tuple(
        (model._meta.label, model._meta.db_table)
        for model in data_models()
        if model._meta.db_table in tables
    )


def row_counts() -> dict[str, int]:
    """Rows of every data table and successful audit events, in one query (it runs often)."""
    counted = _counted_tables()
    quote = connection.ops.quote_name
    # Table names from the models' Meta, quoted: nothing from outside goes in.
    parts = [f"(SELECT COUNT(*) FROM {quote(table)})" for _label, table in counted]  # noqa: S608
    audit = quote(AuditEvent._meta.db_table)
    parts.append(f"(SELECT COUNT(*) FROM {audit} WHERE succeeded = %s)")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), [True])
        values = cursor.fetchone()
    counts = {label: value for (label, _table), value in zip(counted, values, strict=False)}
    counts["audit.AuditEvent(succeeded)"] = values[-1]
    return counts


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (before[k], after[k]) for k in before if after.get(k, 0) > before[k]}


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (before[k], after.get(k, 0)) for k in before if after.get(k, 0) != before[k]}


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


# --- forms in a page ----------------------------------------------------------------


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

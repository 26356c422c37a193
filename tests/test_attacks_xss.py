"""Script put into any free-text field never runs: on every page, in exports and in PDFs.

Every free-text field of the registry holds an XSS payload (names, former unit, notes,
need titles, post organisations, check-ins, area and staff names, audit entries). Every
page without object arguments, and every object page for those objects, is then opened
as the district administrator; the raw payload must never be in the HTML (escaped it may).
The Excel export keeps the text as text, formula-looking cells are never formulas, and the
check-in poster prints the text literally.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cadres.checkins.links import checkin_public_path
from cadres.models import (
    Cadre,
    CheckIn,
    Need,
    Post,
    ServiceKind,
    SpecialtyTag,
)
from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from tests.attacks.pages import forms_in, html_of, is_html
from tests.attacks.payloads import XSS_MARKERS, XSS_PAYLOADS
from tests.attacks.urls import admin_client, pattern_named, url_for, url_kwargs, url_names
from tests.factories.accounts import AreaFactory, StaffFactory
from tests.factories.cadres import (
    CadreEventFactory,
    CadreFactory,
    CheckInFactory,
    NeedAssignmentFactory,
    NeedFactory,
    PostFactory,
    ServiceKindFactory,
    SpecialtyTagFactory,
)
from tests.factories.scoped import SCOPED_MODELS, object_in

pytestmark = pytest.mark.usefixtures("fresh_cache")

SCRIPT = XSS_PAYLOADS["script"]
IMG = XSS_PAYLOADS["img"]
JS = XSS_PAYLOADS["js"]
BOTH = SCRIPT + IMG  # 55 characters: fits a 64-character field
ALL = SCRIPT + IMG + JS  # 73 characters: fits a 100-character field
# A link or a script source that a browser would run.
SCRIPT_URL = re.compile(
    r"""(?:href|src|action|formaction|hx-get|hx-post|data-url)\s*=\s*["']?\s*javascript:""",
    re.IGNORECASE,
)
FORMULAS = ("=1+2", "+SUM(1,2)", "-2+3", '@SUM(1)*cmd|" /C calc"!A0')
PARAMS = ["q", "next", "page", "sort", "status", "token", "user", "action", "level", "target"]


@dataclass
class Hostile:
    """Objects whose every free-text field carries a payload, by model."""

    community: Area
    objects: dict[type[models.Model], list[models.Model]]

    def of(self, model: type[models.Model]) -> list[models.Model]:
        return self.objects.get(model, [])


@pytest.fixture
def hostile(tree: Any, roles: Any) -> Hostile:
    community = AreaFactory(parent=tree.jinjialing, code="370212005099", name=BOTH)
    compound = AreaFactory(
        parent=community, code="370212005099-01", name=IMG + JS, level=Area.Level.COMPOUND
    )
    tag = SpecialtyTagFactory(name=SCRIPT)
    kind = ServiceKindFactory(name=IMG)
    cadre = CadreFactory(
        area=compound,
        name=SCRIPT,
        former_unit=ALL,
        former_post=BOTH,
        rank=IMG,
        address=ALL,
        specialty_notes=ALL,
        spouse=ALL,
        emergency_contact=ALL,
        family_notes=ALL,
        chronic_conditions=ALL,
        health_notes=ALL,
        landline=JS,
        specialties=[tag],
        service_kinds=[kind],
    )
    other = CadreFactory(area=community, name=IMG, former_unit=JS, specialty_notes=JS)
    CadreEventFactory(cadre=cadre, kind="changed", summary=ALL, by=roles.district_admin)
    pending = CheckInFactory(
        area=community,
        compound=compound,
        name=SCRIPT,
        note=ALL,
        former_unit=ALL,
        source="qr",
        specialties=[tag],
    )
    rejected = CheckInFactory(
        area=community, name=IMG, source="staff", status="rejected", reject_reason=ALL
    )
    post = PostFactory(
        cadre=cadre, area=compound, kind="committee", organisation=ALL, start_date="2024-01-01"
    )
    need = NeedFactory(
        area=community, title=ALL, description=ALL, place=ALL, status="matched", specialties=[tag]
    )
    NeedAssignmentFactory(need=need, cadre=cadre, assigned_by=roles.district_admin)
    done = NeedFactory(area=community, title=BOTH, status="done", outcome=ALL)
    staff = StaffFactory(area=community, role=Role.SECRETARY, name=BOTH)
    # The other apps' models (workrooms, teams, campaigns …): one object each, poisoned.
    others: dict[type[models.Model], list[models.Model]] = {}
    for model in SCOPED_MODELS:
        if model not in HANDLED:
            obj = object_in(model, community)
            poison(obj)
            others[type(obj)] = [obj]
    audit_record(actor=roles.district_admin, action=AuditEvent.Action.UPDATE, obj=cadre)
    # A refused sign-in with a payload as the user name lands in the audit trail.
    Client().post(reverse("accounts:login"), {"username": BOTH, "password": "x"})
    return Hostile(
        community,
        {
            Area: [community, compound],
            Cadre: [cadre, other],
            CheckIn: [pending, rejected],
            Post: [post],
            Need: [need, done],
            User: [staff],
            SpecialtyTag: [tag],
            ServiceKind: [kind],
            **others,
        },
    )


HANDLED = {Area, User, Cadre, CheckIn, Post, Need}
# Text fields that are not free text: codes, contact details, file names, header values.
NOT_FREE_TEXT = (
    "code", "path", "hash", "token", "signature", "number", "phone", "mobile", "url", "file",
    "photo", "email", "content_type", "username", "password", "slug", "key", "ip",
)  # fmt: skip


def poison(obj: models.Model) -> None:
    """Every free-text field of ``obj`` set to the longest payload that fits."""
    updates = {}
    for field in obj._meta.concrete_fields:
        if (
            not isinstance(field, models.CharField | models.TextField)
            or field.choices
            or field.unique
            or field.primary_key
            or any(part in field.name for part in NOT_FREE_TEXT)
        ):
            continue
        limit = field.max_length or len(ALL)
        fitting = [text for text in (ALL, BOTH, IMG, SCRIPT) if len(text) <= limit]
        if fitting:
            updates[field.name] = fitting[0]
    type(obj)._default_manager.filter(pk=obj.pk).update(**updates)


def assert_escaped(html: str, where: str) -> None:
    for marker in XSS_MARKERS:
        assert marker not in html, f"{where}: {marker!r} is in the page unescaped"
    found = SCRIPT_URL.search(html)
    assert found is None, f"{where}: {found.group(0) if found else ''}"


def _check(client: Client, method: str, url: str) -> Any:
    response = getattr(client, method)(url)
    assert response.status_code < 500, url
    if is_html(response):
        assert_escaped(html_of(response), f"{method.upper()} {url}")
    return response


def _object_urls(name: str, hostile: Hostile) -> list[str]:
    """The URL ``name`` for each hostile object of the model it takes."""
    pattern = pattern_named(name)
    lookup = getattr(pattern.callback, "scoped_lookup", None)
    model_admin = getattr(pattern.callback, "model_admin", None) or getattr(
        getattr(pattern.callback, "__wrapped__", None), "__self__", None
    )
    model = getattr(lookup, "model", None) or getattr(model_admin, "model", None)
    urls = []
    for obj in hostile.of(model) if model else []:
        if lookup is not None:
            urls.append(reverse(name, kwargs={lookup.kwarg: getattr(obj, lookup.field)}))
        else:
            urls.append(reverse(name, kwargs={next(iter(url_kwargs(pattern))): obj.pk}))
    return urls


def test_it_escapes_stored_payloads_on_every_page(tree: Any, roles: Any, hostile: Hostile) -> None:
    client = admin_client(roles)
    seen = 0
    for name in url_names():
        if name == "cadres:checkin_public":
            continue
        kwargs = url_kwargs(pattern_named(name))
        urls = _object_urls(name, hostile) if kwargs - {"app_label"} else []
        if not kwargs or kwargs == {"app_label"}:
            urls = [url_for(name, None)]
        for url in urls:
            response = _check(client, "get", url)
            if response.status_code == 405:
                # Post-only actions (reveal, confirm …) render pages too; undone afterwards.
                with transaction.atomic():
                    _check(client, "post", url)
                    transaction.set_rollback(True)
            seen += 1
    assert seen > 50


def test_it_shows_the_payloads_escaped_not_dropped(tree: Any, roles: Any, hostile: Hostile) -> None:
    """The pages above really contain the payloads, as text."""
    client = admin_client(roles)
    cadre = hostile.of(Cadre)[0]
    page = html_of(client.get(reverse("cadres:cadre_detail", args=[cadre.pk])))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    revealed = html_of(client.post(reverse("cadres:cadre_reveal", args=[cadre.pk])))
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in revealed
    assert_escaped(revealed, "reveal")
    audit = html_of(client.get(reverse("audit:event_list")))
    assert "&lt;script&gt;" in audit


def test_it_escapes_payloads_in_the_public_checkin(tree: Any, hostile: Hostile) -> None:
    url = checkin_public_path(hostile.community)
    response = _check(Client(), "get", url)
    assert response.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_of(response)
    typed = {"name": SCRIPT, "mobile": IMG, "id_number": JS, "note": ALL, "consent": "on"}
    response = Client().post(url, typed)
    assert response.status_code == 200
    assert_escaped(html_of(response), "public check-in with errors")


def test_it_escapes_reflected_parameters(tree: Any, roles: Any, hostile: Hostile) -> None:
    """Search boxes and hidden fields echo what was asked: escaped, and never as a link."""
    client = admin_client(roles)
    for name in url_names(with_args=False):
        url = url_for(name, None)
        first = client.get(url)
        params = set(PARAMS)
        if first.status_code == 200 and is_html(first):
            for form in forms_in(html_of(first), f"http://testserver{url}"):
                params |= set(form.fields)
        for payload in XSS_PAYLOADS.values():
            query = "&".join(f"{p}={_quote(payload)}" for p in sorted(params))
            response = _check(client, "get", f"{url.split('?')[0]}?{query}")
            location = response.get("Location", "")
            assert not location.lower().startswith("javascript:"), url


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def test_it_escapes_names_in_messages_after_a_save(tree: Any, roles: Any, hostile: Hostile) -> None:
    """ "Need … posted." names what was typed: the message is escaped too."""
    client = admin_client(roles)
    response = client.post(
        reverse("cadres:need_create"),
        {"area": hostile.community.pk, "title": ALL, "people_needed": "1"},
        follow=True,
    )
    assert response.redirect_chain, "the need was saved"
    assert_escaped(html_of(response), "need saved")
    response = client.post(
        reverse("accounts:area_child_create", args=[hostile.community.code]),
        {"code": "370212005099-02", "name": BOTH, "level": Area.Level.COMPOUND},
        follow=True,
    )
    assert response.redirect_chain, "the area was saved"
    assert_escaped(html_of(response), "area saved")


def test_it_sends_a_payload_to_nobody_logged_out(tree: Any, hostile: Hostile) -> None:
    response = Client().post(reverse("accounts:login"), {"username": ALL, "password": "x"})
    assert response.status_code == 200
    assert_escaped(html_of(response), "login")


# --- exports and PDFs ----------------------------------------------------------------


def _cells(content: bytes) -> list[Any]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_it_exports_payloads_as_plain_text(tree: Any, roles: Any, hostile: Hostile) -> None:
    response = admin_client(roles).get(reverse("cadres:export"))
    assert response.status_code == 200
    values = {cell.value for cell in _cells(b"".join(response.streaming_content))}
    assert SCRIPT in values
    assert ALL in values


def test_it_never_exports_a_formula(tree: Any, roles: Any, hostile: Hostile) -> None:
    CadreFactory(
        area=hostile.community,
        name=FORMULAS[0],
        former_unit=FORMULAS[1],
        former_post=FORMULAS[2],
        address=FORMULAS[3],
        specialty_notes='=HYPERLINK("http://evil.example","x")',
        family_notes="=cmd|' /C calc'!A0",
    )
    response = admin_client(roles).get(reverse("cadres:export"))
    cells = _cells(b"".join(response.streaming_content))
    risky = [
        c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]
    assert len(risky) >= len(FORMULAS), "the formula-like values are in the export"
    for cell in risky:
        assert cell.data_type != "f", f"{cell.coordinate} {cell.value!r} is a formula"
    texts = {str(c.value).lstrip("'") for c in cells}
    assert set(FORMULAS) <= texts


def test_it_never_exports_a_formula_in_the_audit_csv(
    tree: Any, roles: Any, hostile: Hostile
) -> None:
    for name in FORMULAS:
        Client().post(reverse("accounts:login"), {"username": name, "password": "x"})
    CadreFactory(area=hostile.community, name=FORMULAS[0])
    audit_record(
        actor=roles.district_admin,
        action=AuditEvent.Action.UPDATE,
        obj=Cadre.objects.get(name=FORMULAS[0]),
    )
    response = admin_client(roles).get(reverse("audit:event_export"))
    rows = list(csv.reader(io.StringIO(html_of(response).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.lstrip("'") == FORMULAS[0] for cell in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_it_prints_payloads_literally_on_the_poster(
    tree: Any, roles: Any, hostile: Hostile
) -> None:
    url = reverse("cadres:checkin_poster", args=[hostile.community.code])
    response = admin_client(roles).get(url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    squeezed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", SCRIPT) in squeezed
    assert re.sub(r"\s+", "", IMG) in squeezed

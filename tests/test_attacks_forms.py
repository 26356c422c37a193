"""Every form of the portal, fuzzed: hostile input is a form error or a 4xx, never a 500.

The URL patterns are walked, so a page added later is fuzzed without a new test. Each page
is opened as the district administrator (with one object of each kind in scope, so object
URLs can be filled in); each ``<form method="post">`` on it (and each htmx ``hx-post``) is
posted with hypothesis-made values: control characters, NUL bytes, very long text,
unicode, HTML, SQL. Every example runs in a savepoint that is rolled back, so each starts
from the same data. A form shown again with errors must have saved nothing.
"""

from __future__ import annotations

import io
import os
import zipfile
from copy import deepcopy
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadres.checkins.links import checkin_public_path
from tests.attacks.pages import Field, ParsedForm, form_errors, forms_in, html_of, is_html
from tests.attacks.payloads import FUZZ_PAYLOADS
from tests.attacks.rows import grown, row_counts
from tests.attacks.urls import World, admin_client, make_world, url_for, url_names
from tests.factories.cadres import id_number_for

# Examples per form. The registry's forms (personal data, sign-in, staff) get the most; the
# activity apps' forms fewer, the admin's (Django's own ModelForms) fewest, so the whole
# file stays under a minute. ATTACK_EXAMPLES=200 makes every form get that many (a deep run).
DEEP = int(os.environ.get("ATTACK_EXAMPLES", "0"))
EXAMPLES = DEEP or 15
REGISTRY = ("accounts:", "cadres:", "audit:", "home", "healthz")
OTHER_EXAMPLES = DEEP or 6
ADMIN_EXAMPLES = DEEP or 5
# Field values that pass, so that fuzzing one field at a time reaches the services.
GOOD_VALUES = {
    "name": "王建国",
    "mobile": "13912345678",
    "id_number": id_number_for("19580312", serial="135"),
    "birth_date": "1958-03-12",
    "retirement_date": "2018-03-01",
    "start_date": "2024-01-01",
    "end_date": "2030-06-01",
    "title": "调解邻里纠纷",
    "people_needed": "2",
    "count": "5",
    "outcome": "已调解",
    "reason": "重复报到",
    "note": "测试",
    "code": "370212005001-99",
    "username": "new_staff",
    "password1": "Laoshan-Portal-2026!",
    "password2": "Laoshan-Portal-2026!",
    "consent": "on",
    "gender": "M",
    "political_status": "party_member",
}
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
CONTROL = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=12)
FUZZ_TEXT = st.one_of(st.sampled_from(FUZZ_PAYLOADS), TEXT, CONTROL)
FILE_NAMES = st.one_of(
    st.sampled_from(["a.xlsx", "../../etc/passwd.xlsx", "a\x00.xlsx", "<b>.xlsx", "x.exe"]),
    st.text(alphabet="abc好<>'\" ./\\%", max_size=40).map(lambda name: name + ".xlsx"),
)
SETTINGS = {
    "deadline": None,
    "database": None,  # no .hypothesis/ folder in the work tree
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}


@pytest.fixture(autouse=True)
def _isolated(settings: Any, fresh_cache: None) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _fuzz(item: Field) -> st.SearchStrategy[Any]:
    if item.kind == "file":
        return st.builds(_upload, FILE_NAMES, st.binary(max_size=4096))
    choices = [st.sampled_from(item.options)] if item.options else []
    one = st.one_of(*choices, FUZZ_TEXT)
    if item.multiple:
        return st.lists(one, max_size=4)
    return st.one_of(st.none(), one)  # sometimes left out of the post altogether


def _default(item: Field) -> Any:
    if item.kind == "file":
        return None
    return GOOD_VALUES.get(item.name, item.value) or None


@st.composite
def _values(draw: st.DrawFn, form: ParsedForm) -> dict[str, Any]:
    """One field fuzzed and the others sensible (reaches deep), or every field fuzzed."""
    names = sorted(form.fields)
    everything = draw(st.booleans())
    target = draw(st.sampled_from(names))
    values = {}
    for name in names:
        item = form.fields[name]
        value = draw(_fuzz(item)) if everything or name == target else _default(item)
        if value not in (None, []):
            values[name] = value
    return values


def _assert_local_redirect(response: Any) -> None:
    """A redirect after hostile input stays on the portal (no open redirect)."""
    if response.status_code in {301, 302, 303, 307, 308}:
        target = response["Location"]
        parts = urlsplit(target)
        assert not parts.scheme and not parts.netloc, target
        assert target.startswith("/") and not target.startswith(("//", "/\\")), target


def _post_and_check(client: Client, cookies: Any, form: ParsedForm, values: dict[str, Any]) -> None:
    cache.clear()  # rate limits would answer 429 before the form is read
    client.cookies = deepcopy(cookies)  # a fuzzed logout must not sign out later examples
    with transaction.atomic():
        before = row_counts()
        response = client.post(form.action, values)
        assert response.status_code != 500, (form.action, values)
        assert response.status_code < 500, (form.action, response.status_code)
        _assert_local_redirect(response)
        if response.status_code == 200 and form_errors(response):
            assert not grown(before, row_counts()), (form.action, form_errors(response))
        transaction.set_rollback(True)


def fuzz_form(client: Client, form: ParsedForm, examples: int) -> None:
    cookies = deepcopy(client.cookies)
    if not form.fields:
        _post_and_check(client, cookies, form, {})
        return

    @settings(max_examples=examples, **SETTINGS)
    @given(values=_values(form))
    def run(values: dict[str, Any]) -> None:
        _post_and_check(client, cookies, form, values)

    run()


def _forms_of(client: Client, url: str) -> list[ParsedForm]:
    """The page's post forms; a post-only URL is one form with no fields."""
    response = client.get(url)
    if response.status_code == 405:
        return [ParsedForm(url, "post")]
    if response.status_code != 200 or not is_html(response):
        return []
    logout = reverse("accounts:logout")
    return [
        form
        for form in forms_in(html_of(response), f"http://testserver{url}")
        if form.method == "post" and urlsplit(form.action).path != logout
    ]


PAGES = [name for name in url_names() if name != "cadres:checkin_public"]


@pytest.mark.parametrize("name", PAGES)
def test_it_survives_hostile_input_in_every_form(
    name: str, tree: Any, roles: Any, db: None
) -> None:
    world: World = make_world(tree, roles)
    client = admin_client(roles)
    url = url_for(name, world)
    assert url is not None
    examples = EXAMPLES if name.startswith(REGISTRY) else OTHER_EXAMPLES
    if name.startswith("admin:"):
        examples = ADMIN_EXAMPLES
    for form in _forms_of(client, url):
        fuzz_form(client, form, examples)


def test_it_survives_hostile_input_in_the_public_checkin(tree: Any, roles: Any) -> None:
    world = make_world(tree, roles)
    url = checkin_public_path(world.community)
    client = Client()
    forms = _forms_of(client, url)
    assert forms, "the public check-in page shows its form"
    for form in forms:
        fuzz_form(client, form, EXAMPLES)


def test_it_finds_the_forms_it_fuzzes(tree: Any, roles: Any) -> None:
    """The walk really reaches the forms: a broken parser would make every test pass."""
    world = make_world(tree, roles)
    client = admin_client(roles)
    need_forms = {
        urlsplit(f.action).path
        for f in _forms_of(client, url_for("cadres:need_detail", world) or "")
    }
    assert reverse("cadres:need_done", args=[world.need.pk]) in need_forms
    assert reverse("cadres:need_unassign", args=[world.need.pk]) in need_forms
    cadre_form = _forms_of(client, reverse("cadres:cadre_create"))[0]
    assert {"name", "id_number", "area", "specialties", "family_notes"} <= set(cadre_form.fields)
    assert cadre_form.fields["specialties"].multiple


# --- hostile Excel uploads -----------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    '</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    '</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
)


def _workbook_with_sheet(sheet_xml: str) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.merge_cells("A1:B1")
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            target.writestr(item, data)
    return out.getvalue()


def _empty_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<not-xml")
    return out.getvalue()


HOSTILE_WORKBOOKS = {
    "random bytes": b"\x00\xff" * 500,
    "a zip that is no workbook": _empty_zip(),
    "broken sheet XML": _workbook_with_sheet("<worksheet><sheetData><row>"),
    "billion laughs": _workbook_with_sheet(BILLION_LAUGHS),
    "external entity": _workbook_with_sheet(XXE),
}


@pytest.mark.parametrize("kind", HOSTILE_WORKBOOKS)
def test_it_refuses_a_hostile_workbook_without_crashing(kind: str, tree: Any, roles: Any) -> None:
    make_world(tree, roles)
    before = row_counts()
    upload = SimpleUploadedFile("名单.xlsx", HOSTILE_WORKBOOKS[kind])
    response = admin_client(roles).post(reverse("cadres:import"), {"file": upload})
    assert response.status_code == 200
    page = html_of(response)
    assert "root:" not in page  # /etc/passwd never shows
    assert "lollollol" not in page  # the entities were not expanded into the page
    assert not grown(before, row_counts())


# --- found by the fuzzing above, kept as plain tests ---------------------------------

HUGE_ID = "99999999999999999999"  # more than a 64-bit id: SQLite overflowed, a 500


@pytest.mark.parametrize(
    "name", ["cadres:cadre_create", "cadres:checkin_create", "cadres:need_create"]
)
def test_it_takes_an_id_too_large_for_the_database_as_a_form_error(
    name: str, tree: Any, roles: Any
) -> None:
    make_world(tree, roles)
    before = row_counts()
    response = admin_client(roles).post(
        reverse(name), {"specialties": [HUGE_ID, "-" + HUGE_ID], "name": "王建国"}
    )
    assert response.status_code == 200
    assert "specialties" in form_errors(response)
    assert not grown(before, row_counts())


def test_it_takes_an_id_too_large_in_the_public_checkin_and_the_admin(
    tree: Any, roles: Any
) -> None:
    world = make_world(tree, roles)
    url = checkin_public_path(world.community)
    response = Client().post(url, {"service_kinds": [HUGE_ID], "consent": "on"})
    assert response.status_code == 200
    assert "service_kinds" in form_errors(response)
    # The admin writes nothing beside the services: refused before the form is read.
    before = set(world.need.specialties.values_list("pk", flat=True))
    response = admin_client(roles).post(
        reverse("admin:cadres_need_change", args=[world.need.pk]), {"specialties": [HUGE_ID]}
    )
    assert response.status_code == 403
    assert set(world.need.specialties.values_list("pk", flat=True)) == before

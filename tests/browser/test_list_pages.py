"""Every page with a table, at 375 px: readable cells, reachable action buttons, body
text and table cells of at least 16 px.

The pages are found, not listed: every URL without arguments, and every object's detail
page, that renders a table for street staff with one object of each kind in their area.
A screenshot of each is kept in var/test-artifacts/browser/ (phone-<page>.png). axe-core
checks each page too (conftest.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.browser.conftest import ARTIFACTS
from tests.browser.layout import buttons_out_of_view, narrow_cells, small_text
from tests.browser.steps import assert_fits_a_phone
from tests.conftest import client_for
from tests.factories.scoped import SCOPED_MODELS, object_in
from tests.test_scope_urls import OBJECT_URLS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.browser.conftest import Browsing

SKIPPED = re.compile(r"^(admin|accounts:(login|logout|otp_\w+|password_change))$|export|pdf")


def _named(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _named(entry.url_patterns, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _candidates(tree: Any) -> list[str]:
    urls = [
        reverse(name)
        for name, pattern in _named(get_resolver().url_patterns)
        if not pattern.pattern.converters
        and not pattern.pattern.regex.groupindex
        and not SKIPPED.search(name)
        and not name.startswith("admin:")
    ]
    for url in OBJECT_URLS:
        if url.name.endswith("detail") and not url.name.startswith("admin:") and url.model:
            urls.append(url.url_for(object_in(url.model, tree.ruidu)))
    return urls


def _pages_with_tables(tree: Any, roles: Any) -> list[str]:
    for model in SCOPED_MODELS:
        object_in(model, tree.ruidu)  # a row in every list
    client = client_for(roles.district_admin)
    found = []
    for url in _candidates(tree):
        response = client.get(url)
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and html and b"<table" in response.content:
            found.append(url)
    return found


def test_every_table_reads_and_works_at_375_px(browsing: Browsing, tree: Any, roles: Any) -> None:
    urls = _pages_with_tables(tree, roles)
    assert {"/cadres/checkins/", "/cadres/posts/", "/audit/", "/staff/"} <= set(urls), urls
    phone = browsing.new_page(phone=True)
    # Signed in as the test client is (second step passed), for the staff and audit pages.
    session = client_for(roles.district_admin).cookies["sessionid"].value
    phone.context.add_cookies([{"name": "sessionid", "value": session, "url": browsing.origin}])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for url in urls:
        phone.goto(url)
        phone.wait_for_load_state()
        slug = re.sub(r"[^\w]+", "-", url).strip("-") or "home"
        phone.screenshot(path=ARTIFACTS / f"phone-{slug}.png", full_page=True)
        failures += [f"{url}: narrow cell {cell}" for cell in narrow_cells(phone)]
        failures += [f"{url}: button out of view {b!r}" for b in buttons_out_of_view(phone)]
        failures += [f"{url}: text below 16 px: {text}" for text in set(small_text(phone))]
        assert_fits_a_phone(phone)
    assert not failures, "\n".join(failures)

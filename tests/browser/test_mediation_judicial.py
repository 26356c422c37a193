"""A secretary records the judicial confirmation of a settled case; axe-core checks the
decision and date controls (each has its label) when the page loads and once saved."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tests.browser.steps import assert_fits_a_phone, expect, log_in
from tests.factories.mediation import MediationCaseFactory
from volunteering.mediation.models import MediationCase

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_the_secretary_records_the_judicial_confirmation(
    phone: Page, tree: Any, roles: Any
) -> None:
    case = MediationCaseFactory(
        area=tree.ruidu,
        status="closed",
        outcome="success",
        closed_on=date(2026, 12, 1),
        agreement_kind="written",
        agreement_signed_on=date(2026, 12, 1),
        agreement_copies=2,
    )
    log_in(phone, "sec_a")
    phone.goto(f"/mediation/{case.pk}/")
    form = phone.locator(f'form[action="/mediation/{case.pk}/judicial/"]')
    decision = form.get_by_label("司法确认", exact=True)
    day = form.get_by_label("日期", exact=True)
    expect(decision).to_be_visible()
    expect(day).to_have_value("2026-12-04")
    assert_fits_a_phone(phone)

    decision.select_option(MediationCase.Judicial.APPLIED)
    day.fill("2026-12-03")
    form.get_by_role("button").click()
    expect(phone.locator("dd").filter(has_text="2026-12-03")).to_be_visible()
    case.refresh_from_db()
    assert (case.judicial, case.judicial_on) == ("applied", date(2026, 12, 3))

"""The intake form proposes the first party as applicant and the next ones as respondents."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from tests.conftest import client_for


def _selected_roles(body: str) -> list[str]:
    selects = re.findall(r'<select name="parties-\d+-role".*?</select>', body, re.S)
    return [re.findall(r'<option value="(\w+)" selected', select)[0] for select in selects]


def test_the_second_party_defaults_to_respondent(roles: Any) -> None:
    body = client_for(roles.secretary_a).get(reverse("mediation:case_create")).content.decode()
    assert _selected_roles(body) == ["applicant", "respondent"]

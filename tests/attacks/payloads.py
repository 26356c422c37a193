"""What the attack tests type into the portal: script, SQL and every odd value a field can get."""

from __future__ import annotations

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

"""The smoke test's browser: signs in, asks for a report, waits for the worker, downloads it.

Cookies are kept by hand: the production cookies are Secure, and this client speaks plain
HTTP on loopback as the TLS proxy would (X-Forwarded-Proto: https).
Usage: smoke_client.py BASE_URL USERNAME PASSWORD [report|pages|queue-down]
  report      sign in, have the worker write a report, download it (the default)
  pages       sign in and open the main pages (after the database restarted)
  queue-down  with Redis stopped: pages serve, /healthz says so, "regenerate" says so
  proxy       behind one proxy: a lock-out holds the client that earned it, forged
              X-Forwarded-For or not, and nobody else
"""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie


class Client:
    def __init__(self, base: str, forwarded: str = "") -> None:
        self.base = base
        self.forwarded = forwarded  # the X-Forwarded-For the proxy would pass on
        self.cookies: dict[str, str] = {}
        opener = urllib.request.build_opener(NoRedirect)
        self.opener = opener

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback
        request.add_header("X-Forwarded-Proto", "https")
        if self.forwarded:
            request.add_header("X-Forwarded-For", self.forwarded)
        request.add_header("Referer", self.base.replace("http://", "https://") + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers), response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def csrf_of(html: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise SystemExit("no CSRF token on the page")
    return found[1].decode()


PAGES = ["/", "/dashboard/", "/reports/", "/cadres/", "/campaigns/"]


def sign_in(client: Client, username: str, password: str) -> int:
    _, _, page = client.request("/accounts/login/")
    status, _, _ = client.request(
        "/accounts/login/",
        {"csrfmiddlewaretoken": csrf_of(page), "username": username, "password": password},
    )
    return status


def signed_in(base: str, username: str, password: str, forwarded: str = "") -> Client | None:
    client = Client(base, forwarded)
    return client if sign_in(client, username, password) == 302 else None


def proxy(base: str, username: str, password: str) -> int:
    """The proxy appends the client's address; the client forged one in front of it."""
    attacker = Client(base, forwarded="192.0.2.1, 198.51.100.66")
    for _ in range(5):
        sign_in(attacker, username, "wrong-password")
    locked = sign_in(attacker, username, password)
    forger = Client(base, forwarded="203.0.113.7, 198.51.100.66")
    forged = sign_in(forger, username, password)
    own = signed_in(base, username, password, forwarded="203.0.113.7")
    print("attacker:", locked, "forging the user's address:", forged, "user:", own is not None)
    return 0 if locked == 429 and forged == 429 and own is not None else 1


def pages(base: str, username: str, password: str) -> int:
    client = signed_in(base, username, password)
    if client is None:
        print("sign-in failed")
        return 1
    for path in PAGES:
        status, _, _ = client.request(path)
        print(path, status)
        if status != 200:
            return 1
    return 0


def queue_down(base: str, username: str, password: str) -> int:
    if pages(base, username, password):
        return 1
    status, _, body = Client(base).request("/healthz")
    print("healthz", status, body.decode()[:200])
    if status != 503 or b'"broker": "down"' not in body:
        return 1
    client = signed_in(base, username, password)
    if client is None:
        return 1
    _, _, page = client.request("/reports/")
    area = re.search(rb'<option value="(\d+)">', page)
    month = time.strftime("%Y-%m", time.localtime(time.time() - 32 * 86400))
    status, headers, _ = client.request(
        "/reports/generate/",
        {"csrfmiddlewaretoken": csrf_of(page), "area": area[1].decode(), "month": month},  # type: ignore[index]
    )
    _, _, page = client.request(headers.get("Location", "/reports/"))
    said = "报告任务队列暂不可用".encode() in page
    print("regenerate with the queue down:", status, "told the user" if said else "SILENT")
    return 0 if said else 1


def main(base: str, username: str, password: str, phase: str = "report") -> int:
    if phase == "pages":
        return pages(base, username, password)
    if phase == "queue-down":
        return queue_down(base, username, password)
    if phase == "proxy":
        return proxy(base, username, password)
    client = Client(base)
    for _ in range(60):  # gunicorn takes a moment to start
        try:
            status, _, body = client.request("/healthz")
            break
        except urllib.error.URLError:
            time.sleep(0.5)
    else:
        print("gunicorn did not answer")
        return 1
    print("healthz", status, body.decode()[:200])
    if status != 200:
        return 1
    status, _, page = client.request("/accounts/login/")
    token = csrf_of(page)
    status, headers, _ = client.request(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": password},
    )
    if status != 302:
        print("sign-in failed", status)
        return 1
    status, _, page = client.request("/reports/")
    if status != 200:
        print("reports page", status)
        return 1
    area = re.search(rb'name="area" value="(\d+)"|<option value="(\d+)">', page)
    if not area:
        print("no area to report on")
        return 1
    area_id = (area[1] or area[2]).decode()
    month = time.strftime("%Y-%m", time.localtime(time.time() - 32 * 86400))
    status, headers, _ = client.request(
        "/reports/generate/", {"csrfmiddlewaretoken": csrf_of(page), "area": area_id,
                               "month": month},
    )  # fmt: skip
    print("generate", status)
    deadline = time.monotonic() + 120
    report = None
    while time.monotonic() < deadline:
        _, _, listing = client.request(f"/reports/?month={month}")
        found = re.search(rb'id="report-(\d+)" data-status="(\w+)"', listing)
        if found and found[2] in (b"done", b"failed"):
            report = found
            break
        time.sleep(1)
    if report is None or report[2] != b"done":
        print("the worker did not write the report", report and report[2])
        return 1
    status, headers, pdf = client.request(f"/reports/{report[1].decode()}/pdf/?download=1")
    print("download", status, headers.get("Content-Type"), len(pdf), "bytes")
    return 0 if status == 200 and pdf.startswith(b"%PDF-") else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))

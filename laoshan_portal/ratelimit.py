"""Rate limits per client IP for public pages, counted in the Django cache.

A fixed window: at most ``limit`` requests per ``window`` seconds per client and group.
With Redis as the cache the count is shared by every worker process; with the local-memory
cache of a developer's machine it is per process, which is enough there.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from laoshan_portal.audit.services import client_ip

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def client_key(request: HttpRequest) -> str:
    """The client's address (``client_ip``: the real client behind trusted proxies)."""
    return client_ip(request) or "unknown"


def hit(*, group: str, key: str, limit: int, window: int) -> Verdict:
    """Count one request of ``key`` in ``group``; allowed while within the limit."""
    now = time.time()
    bucket = int(now // window)
    retry_after = max(1, int(window - now % window))
    # Hashed, so that the cache holds no addresses in the clear.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{group}:{digest}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=window + 1)
            count = 1
    return Verdict(allowed=count <= limit, retry_after=retry_after)


def too_many_requests(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """The default answer past the limit: a short Chinese message and HTTP 429."""
    response = HttpResponse(
        _("Too many requests from your network. Please wait a few minutes and try again."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


def too_many_requests_page(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """A public page's answer past the limit: the portal's page saying how many minutes to
    wait, with HTTP 429."""
    minutes = max(1, round(verdict.retry_after / 60))
    return render(request, "public/rate_limited.html", {"minutes": minutes}, status=429)


def ratelimit(
    group: str,
    *,
    limit: int,
    window: int,
    methods: Iterable[str] | None = None,
    limited: Callable[[HttpRequest, Verdict], HttpResponse] = too_many_requests,
) -> Callable[[View], View]:
    """Limit a view to ``limit`` requests per ``window`` seconds per client IP.

    ``methods`` restricts the count to those methods (e.g. ``["POST"]`` for submissions);
    ``limited`` builds the response past the limit (it should keep status 429).
    """
    counted = {method.upper() for method in methods} if methods is not None else None

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if counted is None or request.method in counted:
                verdict = hit(group=group, key=client_key(request), limit=limit, window=window)
                if not verdict.allowed:
                    response = limited(request, verdict)
                    response.setdefault("Retry-After", str(verdict.retry_after))
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate

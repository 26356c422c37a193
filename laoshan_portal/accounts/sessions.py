"""Sessions read from the cache and written to both it and the database.

Django's ``cached_db`` store, with one change: its copies are in Redis or nowhere. While
Redis is unreachable, the portal's cache falls back to each process's memory, where a
session signed out (or ended) through one process would live on in the others; the
sessions are then read from the database alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from laoshan_portal.cache import FallbackRedisCache, RedisOrNothing


class SessionStore(CachedDBStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        if isinstance(self._cache, FallbackRedisCache):
            self._cache: Any = RedisOrNothing(self._cache)

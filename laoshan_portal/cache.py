"""The Redis cache, falling back to this process's memory while Redis is unreachable.

Pages must keep serving when Redis stops: what the portal caches (rate-limit counters,
import progress) is worth less than the page. Each failed call is logged once a minute at
most, and the next call tries Redis again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY_SECONDS = 60


class OneClientPerServer(RedisCacheClient):
    """Django's Redis client, its ``redis.Redis`` made once per server instead of once per
    call (each one copies redis-py's table of reply parsers: 77 µs, half a round trip).
    A ``redis.Redis`` takes a connection from the server's pool for each command, so
    threads may share it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own attributes, which its type stubs leave out.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = OneClientPerServer
        self._fallback = LocMemCache(f"fallback-{server}", {"OPTIONS": {"MAX_ENTRIES": 10000}})
        self._warned_at = 0.0

    def _either(self, name: str, *args: Any, **kwargs: Any) -> Any:
        def from_memory() -> Any:
            return getattr(self._fallback, name)(*args, **kwargs)

        return self.redis_or(from_memory, name, *args, **kwargs)

    def redis_or(self, otherwise: Callable[[], Any], name: str, *args: Any, **kwargs: Any) -> Any:
        """Redis's answer to the cache call ``name``, or ``otherwise()``'s while it is
        unreachable."""
        method: Callable[..., Any] = getattr(super(), name)
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            now = time.monotonic()
            if now - self._warned_at > WARN_EVERY_SECONDS:
                self._warned_at = now
                logger.warning("Redis cache unreachable: %s", error)
            return otherwise()

    def check_redis(self, key: str, value: str) -> None:
        """Store and read back through Redis itself, with no fallback (``/healthz``)."""
        super().set(key, value, timeout=10)
        if super().get(key) != value:
            raise RuntimeError("cache did not return what was stored")


def _with_fallback(name: str) -> Callable[..., Any]:
    def method(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._either(name, *args, **kwargs)

    method.__name__ = name
    return method


# Every public operation of the cache API goes to Redis, or to memory while Redis is down.
for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr",
              "set_many", "delete_many", "clear"):  # fmt: skip
    setattr(FallbackRedisCache, _name, _with_fallback(_name))


class RedisOrNothing:
    """What a ``FallbackRedisCache`` holds in Redis, without the fallback: while Redis is
    unreachable, reads miss and writes are dropped. For copies that must be the same in
    every process (the sessions' copies: a sign-out in one process must reach the others,
    which the memory of one process would not)."""

    def __init__(self, cache: FallbackRedisCache) -> None:
        self._cache = cache

    def get(self, key: str, default: Any = None) -> Any:
        return self._cache.redis_or(lambda: default, "get", key, default)

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        self._cache.redis_or(lambda: None, "set", key, value, timeout)

    def delete(self, key: str) -> bool:
        return bool(self._cache.redis_or(lambda: False, "delete", key))

    def __contains__(self, key: str) -> bool:
        return bool(self._cache.redis_or(lambda: False, "has_key", key))

"""Values derived from the database, kept in the cache until what they depend on changes.

Each kept value belongs to one or more *topics* ("areas", "permissions", …). A topic has a
version, a random token in the cache; a value is stored under the versions of its topics,
so changing a topic (``forget``) makes every value derived from it unreachable at once,
in every process sharing the cache. Apps call ``forget_on(topic, *models)`` in their
``ready()``: a save or delete of one of those models, a change to one of their
many-to-many links, and the ``bulk_change`` signal forget the topic, and forget it again
when the transaction commits.

A kept value costs one round trip to the cache: a request reads the versions of every
shared topic (``TOPICS``) once, with its first kept value, and each value read alone
afterwards; the first read also fetches the value stored under the versions this process
saw last, which are nearly always still the current ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .signals import bulk_change

T = TypeVar("T")
# A safety net only: every kept value is forgotten on change long before this.
KEPT_SECONDS = 6 * 3600
TOPICS = ("areas", "cadres", "permissions", "registry-lists")


def _version_key(topic: str) -> str:
    return f"kept-version-{topic}"


# The versions read in the current request (``None`` outside one): a request reads every
# topic's version once, all in one round trip, with the first kept value it reads.
_request_versions: ContextVar[dict[str, str] | None] = ContextVar("kept_versions", default=None)
# The versions this process read last, to fetch a kept value together with its versions
# (when they have not changed since, which is nearly always).
_last_seen: dict[str, str] = {}


def _full_key(key: str, version_keys: list[str], found: dict[str, str]) -> str:
    return f"kept-{key}-" + "-".join(str(found[name]) for name in version_keys)


def kept(
    topics: Iterable[str],
    key: str,
    compute: Callable[[], T],
    *,
    still_good: Callable[[T], bool] | None = None,
) -> T:
    """The value ``compute()`` gives, kept under ``key`` until one of ``topics`` changes
    (or, given ``still_good``, until it says the kept value is not).

    One round trip to the cache in the usual case: the value alone when this request has
    read the topics' versions already, else the versions and the value stored under the
    versions last seen, together."""
    full_key, found = _read(topics, key)
    value: T | None = found
    if value is None or (still_good is not None and not still_good(value)):
        value = compute()
        cache.set(full_key, value, KEPT_SECONDS)
    return value


def _read(topics: Iterable[str], key: str) -> tuple[str, Any]:
    """The full key of ``key`` under its topics' versions, and its value (None if not kept)."""
    version_keys = [_version_key(topic) for topic in topics]
    known = _request_versions.get()
    if known is not None and all(name in known for name in version_keys):
        full_key = _full_key(key, version_keys, known)
        return full_key, cache.get(full_key)
    return _read_with_versions(key, version_keys, known)


def _read_with_versions(
    key: str, version_keys: list[str], known: dict[str, str] | None
) -> tuple[str, Any]:
    """The value's full key and the value (``None`` when not kept), reading the versions
    of ``version_keys`` (and, in a request, of every shared topic) on the way."""
    wanted = list(version_keys)
    if known is not None:
        wanted += [_version_key(topic) for topic in TOPICS if _version_key(topic) not in wanted]
    guess = None
    if all(name in _last_seen for name in version_keys):
        guess = _full_key(key, version_keys, _last_seen)
    found = cache.get_many([*wanted, guess] if guess else wanted)
    value = found.pop(guess, None) if guess else None
    missing = {name: uuid4().hex for name in wanted if name not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    _last_seen.update(found)
    if known is not None:
        known.update(found)
    full_key = _full_key(key, version_keys, found)
    if full_key != guess:
        value = cache.get(full_key)
    return full_key, value


def forget(*topics: str) -> None:
    """Every value kept for ``topics`` (for every topic, when none is named) is old from
    now on."""
    version_keys = [_version_key(topic) for topic in topics or {*TOPICS, *_RECEIVERS}]
    known = _request_versions.get()
    for name in version_keys:
        _last_seen.pop(name, None)
        if known is not None:
            known.pop(name, None)
    if not topics and known is not None:
        known.clear()
    cache.delete_many(version_keys)


def request_started_receiver(**kwargs: Any) -> None:
    _request_versions.set({})


def request_finished_receiver(**kwargs: Any) -> None:
    _request_versions.set(None)


def read_versions_once_per_request() -> None:
    """Within a request, read the topics' versions once (a request is one moment; a value
    it keeps itself after forgetting a topic is read afresh)."""
    request_started.connect(request_started_receiver, dispatch_uid="kept-request-started")
    request_finished.connect(request_finished_receiver, dispatch_uid="kept-request-finished")


def forget_now_and_on_commit(*topics: str) -> None:
    """Forget ``topics`` now and again when the transaction commits (a request reading
    between the write and the commit would keep what it read under the new version)."""
    forget(*topics)
    transaction.on_commit(lambda: forget(*topics), robust=True)


def _forgetter(topic: str) -> Callable[..., None]:
    def changed(**kwargs: Any) -> None:
        forget_now_and_on_commit(topic)

    changed.__name__ = f"forget_{topic}"
    return changed


_RECEIVERS: dict[str, Callable[..., None]] = {}


def forget_on(topic: str, *senders: type[models.Model]) -> None:
    """Forget ``topic`` whenever a row of ``senders`` (or one of their many-to-many links)
    is saved or deleted, and on every ``bulk_change``."""
    receiver = _RECEIVERS.setdefault(topic, _forgetter(topic))
    for sender in senders:
        label = sender._meta.label_lower
        post_save.connect(receiver, sender=sender, dispatch_uid=f"kept-{topic}-{label}-save")
        post_delete.connect(receiver, sender=sender, dispatch_uid=f"kept-{topic}-{label}-del")
        for field in sender._meta.local_many_to_many:
            through = field.remote_field.through
            uid = f"kept-{topic}-{label}-{field.name}"
            m2m_changed.connect(receiver, sender=through, dispatch_uid=uid)
    bulk_change.connect(receiver, dispatch_uid=f"kept-{topic}-bulk")

"""Values derived from the database, kept in the cache until what they depend on changes.

Each kept value belongs to one or more *topics* ("areas", "permissions", …). A topic has a
version, a random token in the cache; a value is stored under the versions of its topics,
so changing a topic (``forget``) makes every value derived from it unreachable at once,
in every process sharing the cache. Apps call ``forget_on(topic, *models)`` in their
``ready()``: a save or delete of one of those models, a change to one of their
many-to-many links, and the ``bulk_change`` signal forget the topic, and forget it again
when the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .signals import bulk_change

T = TypeVar("T")
# A safety net only: every kept value is forgotten on change long before this.
KEPT_SECONDS = 6 * 3600
TOPICS = ("areas", "cadres", "permissions", "registry-lists")


def _version_key(topic: str) -> str:
    return f"kept-version-{topic}"


def versions(*topics: str) -> str:
    """The current versions of ``topics``, joined (new ones made for topics without)."""
    keys = [_version_key(topic) for topic in topics]
    found = cache.get_many(keys)
    missing = {key: uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return "-".join(str(found[key]) for key in keys)


def kept(topics: Iterable[str], key: str, compute: Callable[[], T]) -> T:
    """The value ``compute()`` gives, kept under ``key`` until one of ``topics`` changes."""
    full_key = f"kept-{key}-{versions(*topics)}"
    value: T | None = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, KEPT_SECONDS)
    return value


def forget(*topics: str) -> None:
    """Every value kept for ``topics`` is old from now on."""
    cache.delete_many([_version_key(topic) for topic in topics or TOPICS])


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

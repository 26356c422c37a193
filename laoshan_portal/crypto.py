"""Encryption at rest of sensitive personal data, and blind indexes for lookups.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under the keys in
``FIELD_ENCRYPTION_KEY`` (comma-separated, the first one encrypts, all decrypt: that is
how a key is rotated, see ``manage.py rotate_field_key``). Equality lookups and uniqueness
use a keyed HMAC-SHA256 of the normalised value stored beside the ciphertext.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


@cache
def _hash_key() -> bytes:
    return hashlib.sha256(
        b"laoshan-blind-index:" + settings.FIELD_ENCRYPTION_KEYS[0].encode()
    ).digest()


def reset_keys() -> None:
    """Forget cached keys (after the settings changed: tests, key rotation)."""
    _fernet.cache_clear()
    _hash_key.cache_clear()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt under the first (current) key."""
    return _fernet().rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField[str, str]):
    """A text column stored encrypted; reads give the plain text back.

    It cannot be searched or compared in SQL: keep a blind index beside it when a lookup
    is needed.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        try:
            return decrypt(value)
        except InvalidToken as error:
            raise ValueError(f"{self.name}: cannot decrypt with the configured keys") from error

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

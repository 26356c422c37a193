"""``manage.py rotate_field_key``: re-encrypt personal data under the current key.

Key rotation: put the new key first in FIELD_ENCRYPTION_KEY, keep the old one after it
(``NEW,OLD``), run this command, then drop the old key. Every encrypted column is
rewritten under the new key and every keyed hash recomputed, one table at a time, each in
one transaction.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from laoshan_portal.crypto import EncryptedTextField, blind_index


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the first key of FIELD_ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            encrypted = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not encrypted:
                continue
            indexes: dict[str, str] = getattr(model, "blind_indexes", {})
            count = 0
            with transaction.atomic():
                for row in model._default_manager.select_for_update().iterator(chunk_size=500):
                    for hash_field, source in indexes.items():
                        if getattr(row, hash_field):
                            setattr(row, hash_field, blind_index(getattr(row, source)))
                    # Saving writes each value encrypted under the first key.
                    row.save(update_fields=[*encrypted, *indexes])
                    count += 1
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")

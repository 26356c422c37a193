"""What an archive holds and what a restore found: the manifest and the restore report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


class BackupError(Exception):
    """A backup cannot be made, read or restored; the message says why in plain words."""


@dataclass(frozen=True)
class TableState:
    rows: int
    sha256: str


@dataclass(frozen=True)
class FileState:
    bytes: int
    sha256: str


@dataclass
class Manifest:
    created: str
    vendor: str
    database_file: str
    database: FileState
    migrations: dict[str, str]
    tables: dict[str, TableState]
    media: dict[str, FileState]
    format: int = FORMAT

    @property
    def row_count(self) -> int:
        return sum(table.rows for table in self.tables.values())

    @property
    def media_bytes(self) -> int:
        return sum(item.bytes for item in self.media.values())

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError(f"Unknown backup format {data.get('format')!r}.")
            return cls(
                created=data["created"],
                vendor=data["vendor"],
                database_file=data["database_file"],
                database=FileState(**data["database"]),
                migrations=dict(data["migrations"]),
                tables={name: TableState(**state) for name, state in data["tables"].items()},
                media={name: FileState(**state) for name, state in data["media"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The backup's manifest cannot be read ({error}).") from None


@dataclass
class RestoreReport:
    manifest: Manifest
    unmatched_tables: list[str] = field(default_factory=list)
    extra_tables: list[str] = field(default_factory=list)
    unmatched_media: list[str] = field(default_factory=list)
    pending_migrations: int = 0

    @property
    def verified(self) -> bool:
        return not self.unmatched_tables and not self.unmatched_media

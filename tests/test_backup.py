"""``backup_site`` and ``restore_site``: a restore puts back exactly what was backed up.

The round trip runs on the configured database: SQLite by default, PostgreSQL in the
service lane (where pg_dump and pg_restore read and write through their own connections,
hence transactional tests).
"""

from __future__ import annotations

import io
import json
import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.db.migrations.loader import MigrationLoader

from cadres.models import Cadre, Need
from campaigns.models import Campaign
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from operations.backup.database import database_state
from tests.conftest import Roles, Tree
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import IdentifiedCadreFactory, id_number_for
from tests.factories.scoped import SCOPED_MODELS, object_in

# Transactional: pg_dump and pg_restore only see committed data.
pytestmark = pytest.mark.django_db(transaction=True)

ID_NUMBER = id_number_for("19480302")


@pytest.fixture(autouse=True)
def migrated_rows(transactional_db: None) -> None:
    """Rows that migrations make, which an earlier transactional test may have flushed
    away: content types, permissions and role groups (post_migrate), the five campaigns."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    for order, code in enumerate(Campaign.Code.values, start=1):
        Campaign.objects.get_or_create(code=code, defaults={"sort_order": order})


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def site(tree: Tree, roles: Roles, media: Path) -> Cadre:
    """A record of every kind in one community, photos included; returns a cadre whose
    ID number and phone are stored encrypted."""
    for model in SCOPED_MODELS:
        object_in(model, tree.ruidu)
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="刘建华", id_number=ID_NUMBER, mobile="13800008000"
    )
    audit_record(actor=roles.district_admin, action=AuditEvent.Action.EXPORT, area=tree.ruidu)
    (media / "reports").mkdir(parents=True, exist_ok=True)
    (media / "reports" / "2026-03.pdf").write_bytes(b"%PDF-1.7 monthly report")
    return cadre


def backup(tmp_path: Path) -> Path:
    path = tmp_path / "backups" / "site.tar.gz"
    call_command("backup_site", output=path, stdout=StringIO())
    return path


def restore(path: Path, *, answer: str | None = None) -> str:
    out = StringIO()
    if answer is None:
        call_command("restore_site", str(path), yes=True, stdout=out)
    else:
        call_command("restore_site", str(path), stdin=StringIO(answer + "\n"), stdout=out)
    return out.getvalue()


def change_everything(tree: Tree, roles: Roles, media: Path) -> None:
    """What happens after a backup: rows changed, added and deleted, files too."""
    Area.objects.filter(pk=tree.ruidu.pk).update(name="改名社区")
    Need.objects.all().delete()
    AreaFactory(code="370212099", name="新社区", parent=tree.jinjialing)
    audit_record(actor=roles.district_admin, action=AuditEvent.Action.LOGIN)
    photos = sorted(path for path in media.rglob("*") if path.suffix in {".gif", ".png"})
    assert len(photos) >= 2
    photos[0].unlink()
    photos[1].write_bytes(b"GIF89a changed")
    (media / "stray.txt").write_text("uploaded after the backup")


def rewrite_archive(path: Path, change: Any) -> None:
    """Rewrite the archive with ``change(name, data) -> data`` applied to each member."""
    with tarfile.open(path, "r:gz") as tar:
        members = [(info, tar.extractfile(info)) for info in tar.getmembers()]
        contents = [(info, source.read() if source else b"") for info, source in members]
    with tarfile.open(path, "w:gz") as tar:
        for info, data in contents:
            data = change(info.name, data)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_it_restores_every_table_and_file_as_they_were(
    site: Cadre, tree: Tree, roles: Roles, media: Path, tmp_path: Path
) -> None:
    tables, files = database_state(), media_files(media)
    assert any(name.startswith("workrooms/photos/") for name in files)
    archive = backup(tmp_path)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    change_everything(tree, roles, media)
    changed = database_state()
    assert changed != tables and media_files(media) != files
    output = restore(archive)

    restored = database_state()
    assert set(restored) == set(tables)
    for name in tables:
        assert restored[name] == tables[name], name
    assert media_files(media) == files
    assert "every table's row count and checksum match the backup" in output
    # Encrypted columns came back as ciphertext the current key reads.
    cadre = Cadre.objects.get(pk=site.pk)
    assert (cadre.id_number, cadre.mobile) == (ID_NUMBER, "13800008000")
    assert Area.objects.get(pk=tree.ruidu.pk).name == tree.ruidu.name


def test_it_records_counts_checksums_and_migrations_in_the_manifest(
    site: Cadre, tmp_path: Path
) -> None:
    archive = backup(tmp_path)
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["vendor"] == connection.vendor
    assert manifest["database_file"] in names
    assert manifest["tables"]["cadres_cadre"]["rows"] == Cadre.objects.count()
    assert manifest["tables"]["cadres_cadre"] == {
        "rows": Cadre.objects.count(),
        "sha256": database_state()["cadres_cadre"].sha256,
    }
    leaves = dict(MigrationLoader(connection).graph.leaf_nodes())
    assert manifest["migrations"]["audit"] == leaves["audit"]
    assert {f"media/{name}" for name in manifest["media"]} <= set(names)
    assert "reports/2026-03.pdf" in manifest["media"]


def test_it_changes_nothing_unless_the_operator_answers_yes(
    site: Cadre, tree: Tree, roles: Roles, media: Path, tmp_path: Path
) -> None:
    archive = backup(tmp_path)
    change_everything(tree, roles, media)
    tables, files = database_state(), media_files(media)
    with pytest.raises(CommandError, match="Not restored"):
        restore(archive, answer="no")
    assert database_state() == tables and media_files(media) == files

    restore(archive, answer="yes")
    assert Area.objects.get(pk=tree.ruidu.pk).name == tree.ruidu.name


def test_it_refuses_a_damaged_archive_before_changing_anything(
    site: Cadre, tree: Tree, roles: Roles, media: Path, tmp_path: Path
) -> None:
    archive = backup(tmp_path)
    rewrite_archive(
        archive,
        lambda name, data: b"%PDF-1.7 tampered" if name == "media/reports/2026-03.pdf" else data,
    )
    change_everything(tree, roles, media)
    tables, files = database_state(), media_files(media)
    with pytest.raises(CommandError, match="do not match its manifest"):
        restore(archive)
    assert database_state() == tables and media_files(media) == files


def test_it_fails_loudly_when_the_restored_data_differ_from_the_manifest(
    site: Cadre, tmp_path: Path
) -> None:
    archive = backup(tmp_path)

    def wrong_checksum(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["cadres_cadre"]["sha256"] = "0" * 64
        return json.dumps(manifest).encode()

    rewrite_archive(archive, wrong_checksum)
    with pytest.raises(
        CommandError, match="does not match the backup's manifest: table cadres_cadre"
    ):
        restore(archive)


def test_it_refuses_to_run_without_an_archive() -> None:
    with pytest.raises(CommandError, match="file"):
        call_command("restore_site", yes=True)


@pytest.mark.services
def test_it_brings_back_the_append_only_audit_trail_on_postgresql(
    site: Cadre, tree: Tree, roles: Roles, media: Path, tmp_path: Path
) -> None:
    assert connection.vendor == "postgresql"
    archive = backup(tmp_path)
    kept = set(AuditEvent.objects.values_list("pk", flat=True))
    change_everything(tree, roles, media)
    restore(archive)
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == kept
    # pg_restore --clean dropped the table with its trigger; both are back.
    with pytest.raises(DatabaseError, match="kept at least 180 days"):
        AuditEvent.objects.filter(pk__in=kept).delete()

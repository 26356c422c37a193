"""Personal data at rest: encrypted, indexed by keyed hash, and the key can be rotated."""

from __future__ import annotations

import os
import shutil
import subprocess
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from cadres.models import Cadre
from laoshan_portal import crypto
from tests.factories.cadres import IdentifiedCadreFactory, id_number_for

OLD = "b2xkLWtleS1vZi10aGUtcG9ydGFsLTMyLWJ5dGVzISE="
NEW = "bmV3LWtleS1vZi10aGUtcG9ydGFsLTMyLWJ5dGVzISE="


@pytest.fixture
def keys(settings: Any) -> Any:
    def use(*values: str) -> None:
        settings.FIELD_ENCRYPTION_KEYS = list(values)
        crypto.reset_keys()

    yield use
    crypto.reset_keys()


def test_it_rotates_to_a_new_key(tree: Any, keys: Any) -> None:
    keys(OLD)
    number = id_number_for("19480302")
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="刘建华", id_number=number, mobile="13800008000"
    )
    keys(NEW, OLD)
    call_command("rotate_field_key", stdout=StringIO())
    keys(NEW)  # the old key is gone: everything must still read
    cadre = Cadre.objects.get(pk=cadre.pk)
    assert (cadre.id_number, cadre.mobile) == (number, "13800008000")
    assert cadre.id_number_hash == crypto.blind_index(number)


def test_it_refuses_to_read_with_an_unknown_key(tree: Any, keys: Any) -> None:
    keys(OLD)
    cadre = IdentifiedCadreFactory(
        area=tree.qiantaiju, name="刘建华", id_number=id_number_for("19480302")
    )
    keys(NEW)
    with pytest.raises(ValueError, match="cannot decrypt"):
        Cadre.objects.get(pk=cadre.pk)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_plaintext_in_a_database_dump(tree: Any) -> None:
    number = id_number_for("19480302")
    IdentifiedCadreFactory(
        area=tree.qiantaiju,
        name="刘建华",
        id_number=number,
        mobile="13800008000",
        chronic_conditions="糖尿病",
    )
    settings_dict = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""}
    pg_dump = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"
    dump = subprocess.run(  # noqa: S603 - fixed arguments
        [
            pg_dump,
            "--data-only",
            "-h",
            settings_dict["HOST"],
            "-p",
            str(settings_dict["PORT"]),
            "-U",
            settings_dict["USER"],
            settings_dict["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "刘建华" in dump  # the dump is real and holds the record
    assert number not in dump and "13800008000" not in dump and "糖尿病" not in dump

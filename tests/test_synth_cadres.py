"""``manage.py synth_cadres``: bulk synthetic records shaped like the portal's own."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cadres.models import Cadre
from cadres.pinyin import name_initials, name_pinyin
from cadres.validators import validate_id_number
from laoshan_portal.accounts.demo import seed_areas
from laoshan_portal.crypto import blind_index
from operations.synthetic.cadres import SYNTH_MARK
from tests.factories.cadres import CadreFactory

pytestmark = pytest.mark.django_db


def test_it_adds_records_shaped_like_the_services_ones() -> None:
    seed_areas()
    out = StringIO()
    call_command("synth_cadres", cadres=30, seed=1, stdout=out)
    assert "Added 30 records" in out.getvalue()
    made = list(Cadre.objects.filter(address__startswith=SYNTH_MARK))
    assert len(made) == 30
    for cadre in made:
        assert cadre.name_pinyin == name_pinyin(cadre.name)
        assert cadre.name_initials == name_initials(cadre.name)
        assert validate_id_number(cadre.id_number, birth_date=cadre.birth_date) == cadre.id_number
        assert cadre.id_number_hash == blind_index(cadre.id_number)
        assert cadre.mobile_hash == blind_index(cadre.mobile)
        cadre.full_clean()
    # The sensitive columns are stored encrypted, as the field does on save.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cadres_cadre WHERE id = %s", [made[0].pk])
        stored = cursor.fetchone()[0]
    assert stored != made[0].id_number
    heavy = sum(c.area.parent.parent.name == "金家岭街道" for c in made)
    assert heavy > 0


def test_it_clears_only_its_own_records() -> None:
    seed_areas()
    call_command("synth_cadres", cadres=12, seed=2, stdout=StringIO())
    mine = CadreFactory(area=Cadre.objects.first().area, name="张晓松")
    out = StringIO()
    call_command("synth_cadres", clear=True, cadres=5, seed=3, stdout=out)
    assert "Deleted 12 synthetic records" in out.getvalue()
    assert Cadre.objects.filter(address__startswith=SYNTH_MARK).count() == 5
    assert Cadre.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize(
    ("command", "options"), [("synth_cadres", {}), ("synth_data", {"records": 0})]
)
def test_a_production_deployment_gets_no_synthetic_rows_unless_forced(
    command: str, options: dict[str, int], settings: Any
) -> None:
    seed_areas()
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="Refusing to add synthetic"):
        call_command(command, cadres=3, seed=1, stdout=StringIO(), **options)
    assert not Cadre.objects.filter(address__startswith=SYNTH_MARK).exists()
    call_command(command, cadres=3, seed=1, force=True, stdout=StringIO(), **options)
    assert Cadre.objects.filter(address__startswith=SYNTH_MARK).count() == 3

"""``manage.py synth_data``: a synthetic province or Laoshan with proportional activity.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cadres.models import Cadre
from laoshan_portal.accounts.demo import seed_areas
from laoshan_portal.accounts.models import Area
from operations.synthetic.areas import PROVINCE_CODE
from operations.synthetic.cadres import SYNTH_MARK
from reports.models import AreaMonth
from reports.periods import Month
from tests.factories.cadres import CadreFactory
from tests.factories.volunteering import ServiceActivityFactory, ServiceRecordFactory, TeamFactory
from volunteering.models import ServiceRecord, Team, TeamMember

pytestmark = pytest.mark.django_db
TINY = {"shape": "2,2,2,2,2", "seed": 1}


def synth(**options: object) -> str:
    out = StringIO()
    call_command("synth_data", stdout=out, **options)
    return out.getvalue()


def community_of(record: ServiceRecord) -> Area:
    return record.activity.team.area


def test_it_builds_a_province_with_proportional_activity() -> None:
    synth(cadres=40, records=300, tree="province", **TINY)
    root = Area.objects.get(code=PROVINCE_CODE)
    tree = Area.objects.filter(path__startswith=root.path)
    assert tree.count() == 1 + 2 + 4 + 8 + 16 + 32
    assert tree.filter(level=Area.Level.CITY, name="合成市1").exists()
    assert not tree.filter(code__startswith="370212").exists()
    cadres = Cadre.objects.filter(address__startswith=SYNTH_MARK)
    assert cadres.count() == 40
    assert cadres.filter(area__path__startswith=root.path, area__level="compound").count() == 40
    records = ServiceRecord.objects.select_related("activity__team__area", "cadre__area")
    assert records.count() == 300
    first = Month.current().shifted(-23).start
    for record in records:
        assert Decimal("0.5") <= record.hours <= 8
        assert first <= record.date <= timezone.localdate()
        assert record.date == record.activity.date
        assert community_of(record).level == Area.Level.COMMUNITY
        if record.cadre_id:  # a cadre serves in a team of their own community
            assert record.cadre.area.parent_id == community_of(record).pk
        else:
            assert record.member.team_id == record.activity.team_id
        if record.status == ServiceRecord.Status.DECLINED:
            assert record.decline_reason and record.declined_at
    assert records.filter(status=ServiceRecord.Status.ACCEPTED).count() > 250
    assert Team.objects.filter(name__startswith=SYNTH_MARK).count() >= 1


def test_it_fills_the_laoshan_tree_and_marks_the_summary_stale() -> None:
    seed_areas()
    district = Area.objects.get(code="370212")
    row = AreaMonth.objects.create(
        area=district, month=Month.current().start, refreshed_at=timezone.now()
    )
    out = synth(cadres=30, tree="laoshan", seed=2)
    assert "Service records: 300" in out
    assert ServiceRecord.objects.count() == 300  # ten per cadre by default
    assert not ServiceRecord.objects.exclude(
        activity__team__area__path__startswith=district.path
    ).exists()
    assert not Area.objects.filter(code=PROVINCE_CODE).exists()
    row.refresh_from_db()
    assert row.stale


def test_it_clears_only_its_own_rows() -> None:
    seed_areas()
    mine = CadreFactory(area=Area.objects.get(code="370212005001-01"), name="张晓松")
    team = TeamFactory(area=mine.area.parent, name="瑞都队", kind="volunteer")
    activity = ServiceActivityFactory(
        team=team, date=timezone.localdate() - timedelta(days=1), title="巡查"
    )
    ServiceRecordFactory(activity=activity, cadre=mine, hours=2)
    synth(cadres=20, records=100, tree="laoshan", **TINY)
    synth(cadres=20, records=100, tree="province", **TINY)
    out = synth(clear=True)
    assert "200 service records" in out and "40 cadres" in out and "63 areas" in out
    assert not Cadre.objects.filter(address__startswith=SYNTH_MARK).exists()
    assert not Team.objects.filter(name__startswith=SYNTH_MARK).exists()
    assert not TeamMember.objects.exclude(team=team).exists()
    assert not Area.objects.filter(code__startswith="99").exists()
    assert list(ServiceRecord.objects.values_list("cadre", flat=True)) == [mine.pk]
    assert Area.objects.filter(code="370212").exists()


def test_it_needs_cadres_for_records() -> None:
    seed_areas()
    with pytest.raises(CommandError, match="No synthetic cadres"):
        synth(records=10, tree="laoshan")
    with pytest.raises(CommandError, match="--shape"):
        synth(cadres=1, tree="province", shape="2,2,2")

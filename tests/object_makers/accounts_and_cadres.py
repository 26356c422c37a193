"""Object makers of the areas, staff accounts and the registry."""

from __future__ import annotations

from datetime import date

from cadres.models import Cadre, CheckIn, Need, Post
from laoshan_portal.accounts.models import Area, Role, User
from tests.factories import CadreFactory, StaffFactory

MAKERS = {
    Area: lambda area: area,
    User: lambda area: StaffFactory(area=area, role=Role.VIEWER),
    Cadre: lambda area: CadreFactory(area=area),
    CheckIn: lambda area: CheckIn.objects.create(area=area, name="报到人", source="staff"),
    Post: lambda area: Post.objects.create(
        cadre=CadreFactory(area=area), area=area, kind="group_leader", start_date=date(2024, 1, 1)
    ),
    Need: lambda area: Need.objects.create(area=area, title="需求"),
}

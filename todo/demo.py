"""The to-do list's demo rows: a little late work in 瑞都社区 and 午山社区, so that the demo
accounts' lists show overdue items (the other apps' demos give work that is not yet late)."""

from __future__ import annotations

from datetime import timedelta

from cadres.models import CheckIn, Need
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area

# community, (a need nobody has taken up, days since posted), (a check-in, days waiting)
LATE_WORK = [
    ("瑞都社区", ("楼道照明维修协调", 12), ("陈志刚", 3)),
    ("午山社区", ("老年助餐点志愿者招募", 10), ("刘桂兰", 5)),
]


def seed() -> dict[str, int]:
    """Idempotent: a row already there (by community and title or name) is left alone."""
    made = {"needs": 0, "checkins": 0}
    now = clock.now()
    for community_name, (title, need_age), (name, checkin_age) in LATE_WORK:
        community = Area.objects.filter(name=community_name, level=Area.Level.COMMUNITY).first()
        if community is None:
            continue
        if not Need.objects.filter(area=community, title=title).exists():
            need = Need.objects.create(area=community, title=title, people_needed=2)
            Need.objects.filter(pk=need.pk).update(created_at=now - timedelta(days=need_age))
            made["needs"] += 1
        if not CheckIn.objects.filter(area=community, name=name).exists():
            checkin = CheckIn.objects.create(area=community, name=name, source=CheckIn.Source.STAFF)
            CheckIn.objects.filter(pk=checkin.pk).update(
                created_at=now - timedelta(days=checkin_age)
            )
            made["checkins"] += 1
    return made

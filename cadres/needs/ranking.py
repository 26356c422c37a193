"""Menu-style matching (菜单式匹配): the cadres in scope ranked for a need, each with the
reasons for its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from ..models import Cadre, Need, NeedAssignment, SpecialtyTag
from ..selectors import cadre_list

# How near a cadre lives to the need: the finest level of the need's place they share.
NEAR_COMPOUND, NEAR_COMMUNITY, NEAR_STREET, NEAR_DISTRICT, ELSEWHERE = 3, 2, 1, 0, -1
NEARNESS_LEVELS: dict[str, int] = {
    Area.Level.COMPOUND: NEAR_COMPOUND,
    Area.Level.COMMUNITY: NEAR_COMMUNITY,
    Area.Level.STREET: NEAR_STREET,
    Area.Level.DISTRICT: NEAR_DISTRICT,
}
# The nearness a cadre's "how far from home" still reaches.
DISTANCE_REACH = {
    Cadre.Distance.COMPOUND: NEAR_COMPOUND,
    Cadre.Distance.COMMUNITY: NEAR_COMMUNITY,
    Cadre.Distance.STREET: NEAR_STREET,
    Cadre.Distance.DISTRICT: NEAR_DISTRICT,
}

# Points of each part of the score. A matched specialty outweighs everything else, so the
# menu is first of all a menu of skills; place comes next, then the smaller considerations.
SPECIALTY_POINTS = 40
NEARNESS_POINTS = {NEAR_COMPOUND: 30, NEAR_COMMUNITY: 20, NEAR_STREET: 10}
WILLING_POINTS = 5
DISTANCE_OK_POINTS, DISTANCE_TOO_FAR_POINTS = 10, -10
TIME_OK_POINTS, TIME_BAD_POINTS = 8, -8
SELF_CARE_FULL_POINTS = 6
MOBILITY_POINTS = {Cadre.Mobility.LIMITED: -4, Cadre.Mobility.WHEELCHAIR: -10}
LOAD_POINTS = -5  # per assignment on a need not yet done

WEEKDAY, WEEKEND = "weekday", "weekend"


class Scores(TypedDict):
    """The parts of the score ``_scored`` adds to each cadre, and their sum."""

    m_specialties: int
    m_near: int
    m_willing: bool
    m_load: int
    p_distance: int
    p_time: int
    p_health: int
    score: int
    m_volunteer: int


if TYPE_CHECKING:
    from typing import TypeAlias

    from django_stubs_ext import WithAnnotations

    ScoredCadre: TypeAlias = WithAnnotations[Cadre, Scores]


@dataclass
class Candidate:
    """A cadre offered for a need, with the score and why."""

    cadre: Cadre
    score: int
    reasons: list[str] = field(default_factory=list)
    nearness: int = ELSEWHERE
    load: int = 0
    matched_specialties: list[str] = field(default_factory=list)
    volunteered: bool = False


def need_day_kinds(need: Need) -> set[str]:
    """Whether the need's dates include weekdays, weekend days, or both (empty: no dates)."""
    start = need.start_date or need.end_date
    if start is None:
        return set()
    end = max(need.end_date or start, start)
    kinds: set[str] = set()
    day = start
    while day <= end and day - start < timedelta(days=7):  # a week holds every kind of day
        kinds.add(WEEKEND if day.weekday() >= 5 else WEEKDAY)
        day += timedelta(days=1)
    return kinds


def _need_places(need: Need) -> dict[int, str]:
    """Nearness level → path of the need's place at that level (its area and ancestors).

    One query for the levels of the ancestors; only their paths are used, to compare with
    the paths of the cadres in scope.
    """
    codes = need.area.path.strip("/").split("/")
    paths = ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
    places: dict[int, str] = {}
    for path, level in Area.objects.filter(path__in=paths).values_list("path", "level"):
        nearness = NEARNESS_LEVELS.get(level)
        if nearness is not None:
            places[nearness] = path
    return places


def _time_points(day_kinds: set[str]) -> dict[str, int]:
    """Points per "available time" for a need with these kinds of day."""
    if not day_kinds:
        return {}
    return {
        Cadre.AvailableTime.ANY: TIME_OK_POINTS,
        Cadre.AvailableTime.WEEKDAYS: TIME_OK_POINTS if WEEKDAY in day_kinds else TIME_BAD_POINTS,
        Cadre.AvailableTime.WEEKENDS: TIME_OK_POINTS if WEEKEND in day_kinds else TIME_BAD_POINTS,
    }


def _case(column: str, points: dict[Any, int], default: int = 0) -> models.Case:
    whens = [
        models.When(**{column: key}, then=models.Value(value)) for key, value in points.items()
    ]
    return models.Case(*whens, default=models.Value(default), output_field=models.IntegerField())


def _scored(
    candidates: models.QuerySet[Cadre],
    need: Need,
    specialty_ids: list[int],
    volunteered: models.Q,
) -> models.QuerySet[ScoredCadre]:
    """Every part of the score as a column, so the database ranks and Python explains."""
    places = _need_places(need)
    near = [
        models.When(area__path__startswith=path, then=models.Value(level))
        for level, path in sorted(places.items(), reverse=True)
    ]
    specialties: Any = models.Value(0)
    if specialty_ids:
        matched = (
            Cadre.specialties.through.objects.filter(
                cadre_id=models.OuterRef("pk"), specialtytag_id__in=specialty_ids
            )
            .order_by()
            .values("cadre_id")
            # The plugin cannot see annotations on an auto-created through model.
            .annotate(n=models.Count("pk"))
            .values("n")  # type: ignore[misc]
        )
        specialties = Coalesce(models.Subquery(matched), 0)
    open_load = (
        NeedAssignment.objects.filter(cadre=models.OuterRef("pk"))
        .exclude(need__status=Need.Status.DONE)
        .order_by()
        .values("cadre")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    candidates = candidates.annotate(
        m_specialties=specialties,
        m_near=models.Case(
            *near, default=models.Value(ELSEWHERE), output_field=models.IntegerField()
        ),
        m_willing=models.Exists(
            Cadre.service_kinds.through.objects.filter(cadre_id=models.OuterRef("pk"))
        ),
        m_load=Coalesce(models.Subquery(open_load), 0),
    )
    reach = [
        models.When(max_distance=kind, m_near__gte=nearness, then=models.Value(DISTANCE_OK_POINTS))
        for kind, nearness in DISTANCE_REACH.items()
    ]
    candidates = candidates.annotate(
        p_distance=models.Case(
            models.When(max_distance="", then=models.Value(0)),
            *reach,
            default=models.Value(DISTANCE_TOO_FAR_POINTS),
            output_field=models.IntegerField(),
        ),
        p_time=_case("available_time", _time_points(need_day_kinds(need))),
        p_health=_case("self_care", {Cadre.SelfCare.FULL: SELF_CARE_FULL_POINTS})
        + _case("mobility", MOBILITY_POINTS),
    )
    score = (
        models.F("m_specialties") * SPECIALTY_POINTS
        + _case("m_near", NEARNESS_POINTS)
        + models.Case(
            models.When(m_willing=True, then=models.Value(WILLING_POINTS)),
            default=models.Value(0),
        )
        + models.F("p_distance")
        + models.F("p_time")
        + models.F("p_health")
        + models.F("m_load") * LOAD_POINTS
    )
    return candidates.annotate(
        score=models.ExpressionWrapper(score, output_field=models.IntegerField()),
        m_volunteer=models.Case(
            models.When(volunteered, then=models.Value(1)),
            default=models.Value(0),
            output_field=models.IntegerField(),
        ),
    )


def _reasons(
    cadre: ScoredCadre, need_specialties: list[SpecialtyTag], show_health: bool
) -> list[str]:
    reasons = []
    wanted = {tag.pk for tag in need_specialties}
    matched = [tag.name for tag in cadre.specialties.all() if tag.pk in wanted]
    if matched:
        reasons.append(_("Has the specialty needed: %(names)s") % {"names": "、".join(matched)})
    elif wanted:
        reasons.append(_("Has none of the specialties needed"))
    reasons.append(
        {
            NEAR_COMPOUND: _("Lives in the same compound"),
            NEAR_COMMUNITY: _("Lives in the same community"),
            NEAR_STREET: _("Lives in the same street"),
        }.get(cadre.m_near, _("Lives farther away"))
    )
    kinds = [kind.name for kind in cadre.service_kinds.all()]
    if kinds:
        reasons.append(_("Willing to serve as: %(kinds)s") % {"kinds": "、".join(kinds)})
    else:
        reasons.append(_("Has not said how they would serve"))
    if cadre.p_distance > 0:
        reasons.append(_("Willing to go this far from home"))
    elif cadre.p_distance < 0:
        reasons.append(
            _("Prefers to serve closer to home (%(distance)s)")
            % {"distance": cadre.get_max_distance_display()}
        )
    if cadre.p_time > 0:
        reasons.append(
            _("Free at the time needed (%(time)s)") % {"time": cadre.get_available_time_display()}
        )
    elif cadre.p_time < 0:
        reasons.append(
            _("Not free at the time needed (%(time)s)")
            % {"time": cadre.get_available_time_display()}
        )
    if show_health:
        reasons.append(cadre.get_self_care_display())
        if cadre.mobility in MOBILITY_POINTS:
            reasons.append(cadre.get_mobility_display())
    else:
        # Health is sensitive: it counts, but only those allowed to see it read how.
        reasons.append(_("Health taken into account"))
    if cadre.m_load:
        reasons.append(
            ngettext(
                "Already on %(count)s open need",
                "Already on %(count)s open needs",
                cadre.m_load,
            )
            % {"count": cadre.m_load}
        )
    return reasons


def rank_candidates(
    *,
    scope: Scope,
    need: Need,
    limit: int = 20,
    show_health: bool = True,
    volunteered: models.Q | None = None,
) -> list[Candidate]:
    """The best ``limit`` active cadres in scope for ``need``, not yet assigned to it.

    Cadres who need care themselves are never offered. Ties go to the pinyin order of the
    name, then the record number, so the same data always gives the same menu. Cadres
    matching ``volunteered`` (who offered themselves) come first, marked. Five
    queries whatever the registry's size: the need's specialties (none when prefetched),
    the levels of its place, the ranked cadres, their specialties and their kinds of service.
    """
    need_specialties = list(need.specialties.all())
    candidates = (
        cadre_list(scope=scope)
        .filter(status=Cadre.Status.ACTIVE)
        .exclude(self_care=Cadre.SelfCare.NONE)
        .exclude(pk__in=NeedAssignment.objects.filter(need=need).values("cadre_id"))
        .select_related("area")
    )
    ranked = (
        _scored(
            candidates,
            need,
            [tag.pk for tag in need_specialties],
            volunteered or models.Q(pk__in=[]),
        )
        .order_by("-m_volunteer", "-score", "name_pinyin", "pk")
        .prefetch_related(
            models.Prefetch("specialties", queryset=SpecialtyTag.objects.only("name")),
            "service_kinds",
        )[:limit]
    )
    wanted = {tag.pk for tag in need_specialties}
    return [
        Candidate(
            cadre=cadre,
            score=cadre.score,
            reasons=_reasons(cadre, need_specialties, show_health),
            nearness=cadre.m_near,
            load=cadre.m_load,
            matched_specialties=[t.name for t in cadre.specialties.all() if t.pk in wanted],
            volunteered=bool(cadre.m_volunteer),
        )
        for cadre in ranked
    ]

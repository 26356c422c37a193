"""Finding a row's residence in the area tree, by area code or by street, community, compound."""

from __future__ import annotations

from django.utils.translation import gettext as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from ..selectors import RESIDENCE_LEVELS
from .cells import CellError


class AreaError(CellError):
    """An area that cannot be found or is out of scope, with the column to show it on."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class AreaResolver:
    """Finds a row's residence by area code or by street/community/compound names.

    Names are looked up once per distinct combination: a sheet has thousands of rows but
    only a few dozen places.
    """

    SUFFIXES = {
        "street": ("街道", "街道办事处", "镇"),
        "community": ("社区", "村", "社区居委会", "村委会"),
        "compound": ("小区",),
    }
    LEVELS = {
        "street": (Area.Level.STREET,),
        "community": (Area.Level.COMMUNITY,),
        "compound": (Area.Level.COMPOUND, Area.Level.BUILDING),
    }

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._cache: dict[tuple[str, ...], tuple[Area, str] | AreaError] = {}

    def resolve(self, code: str, street: str, community: str, compound: str) -> tuple[Area, str]:
        """The area and a note for the preview (or ``AreaError``)."""
        key = (code, street, community, compound)
        if key not in self._cache:
            try:
                self._cache[key] = self._resolve(*key)
            except AreaError as error:
                self._cache[key] = error
        found = self._cache[key]
        if isinstance(found, AreaError):
            raise found
        return found

    def _variants(self, name: str, kind: str) -> set[str]:
        names = {name}
        for suffix in self.SUFFIXES[kind]:
            if name.endswith(suffix) and len(name) > len(suffix):
                names.add(name[: -len(suffix)])
            else:
                names.add(name + suffix)
        return names

    def _resolve(self, code: str, street: str, community: str, compound: str) -> tuple[Area, str]:
        if code:
            area = Area.objects.filter(code=code).first()
            if area is None:
                raise AreaError("area_code", _("No area has this code."))
            return self._checked(area, "area_code"), ""
        if not community and not compound:
            raise AreaError(
                "community", _("Give the community (or the area code) where the person lives.")
            )
        parents = [("street", street)] if street else []
        if not community:
            found = self._find("compound", compound, parents)
            if found is None:
                raise AreaError("compound", _("No compound named %(name)s.") % {"name": compound})
            return self._checked(found, "compound"), ""
        home = self._find("community", community, parents)
        if compound:
            place = self._find("compound", compound, [*parents, ("community", community)])
            if place is not None:
                return self._checked(place, "compound"), ""
        if home is None:
            message = (
                _("No community named %(name)s in %(street)s.")
                if street
                else _("No community named %(name)s.")
            )
            raise AreaError("community", message % {"name": community, "street": street})
        note = ""
        if compound:
            # Real sheets name compounds the tree does not have yet; the community is sure.
            note = _(
                "The compound %(compound)s is not in the area tree: the record goes to "
                "%(community)s."
            ) % {"compound": compound, "community": home.name}
        return self._checked(home, "community"), note

    def _find(self, kind: str, name: str, parents: list[tuple[str, str]]) -> Area | None:
        candidates = Area.objects.filter(
            name__in=self._variants(name, kind), level__in=self.LEVELS[kind]
        )
        matches = []
        for candidate in candidates:
            above = {a.name for a in _ancestors(candidate)}
            if all(above & self._variants(pname, pkind) for pkind, pname in parents):
                matches.append(candidate)
        if len(matches) > 1:
            in_scope = [m for m in matches if self.scope.contains(m)]
            if len(in_scope) == 1:
                return in_scope[0]
            raise AreaError(
                kind,
                _("Several areas are called %(name)s: give the street or the area code.")
                % {"name": name},
            )
        return matches[0] if matches else None

    def _checked(self, area: Area, column: str) -> Area:
        if not self.scope.contains(area):
            raise AreaError(column, _("The chosen area is outside your area."))
        if area.level not in RESIDENCE_LEVELS:
            raise AreaError(
                column, _("A residence is a community, a compound or a building, not a street.")
            )
        return area


def _ancestors(area: Area) -> list[Area]:
    codes = area.path.strip("/").split("/")[:-1]
    return list(Area.objects.filter(code__in=codes)) if codes else []

"""The area tree and staff accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def path_prefixes(path: str) -> list[str]:
    """The paths of an area and of every area above it, from the top."""
    codes = path.strip("/").split("/")
    return ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]


class Area(models.Model):
    """A node of the organisation tree: province, city, district, street, community …

    ``path`` holds the codes from the root down, each followed by "/", e.g.
    ``/370212/370212005/370212005003/``, so "everything under X" is one indexed prefix
    query and the tree can be of any depth.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")
        COMMUNITY = "community", _("Community")
        COMPOUND = "compound", _("Compound")
        BUILDING = "building", _("Building")

        @classmethod
        def below(cls, level: str) -> list[str]:
            """The levels under ``level``, the next one down first."""
            values = list(cls.values)
            return values[values.index(level) + 1 :]

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z-]+$", _("Use only letters, digits and hyphens in the code.")
            )
        ],
    )
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    path = models.CharField(_("path"), max_length=512, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%'
            # whatever the database collation; other databases ignore the opclass.
            models.Index(
                fields=["path"], name="area_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
            models.CheckConstraint(
                condition=models.Q(path__endswith="/"), name="area_path_ends_with_slash"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_paths(self, *, include_self: bool = False) -> list[str]:
        """The paths of the areas above this one, from the root (and its own, if asked)."""
        paths = path_prefixes(self.path)
        return paths if include_self else paths[:-1]

    def is_within(self, other: Area) -> bool:
        """True when this area is ``other`` or lies below it."""
        return self.path.startswith(other.path)


class Role(models.TextChoices):
    """What a staff account may do in its area; each role is a Django group."""

    ADMIN = "admin", _("Administrator")
    STREET_STAFF = "street_staff", _("Street staff")
    SECRETARY = "secretary", _("Community secretary")
    VIEWER = "viewer", _("Leader (read only)")
    # A retired cadre signed in to their own pages: no staff permission, an empty scope.
    RETIREE = "retiree", _("Retiree")


class User(AbstractUser):
    """A staff account. Its one assignment is an area and a role in that area."""

    name = models.CharField(_("full name"), max_length=64, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        related_name="staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    # Empty for a password someone else set (a new account's): it must be changed first.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # Set once a TOTP device is confirmed: from then on every sign-in asks for a code.
    otp_enabled = models.BooleanField(_("two-step verification"), default=False)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined, misc]  # not in the stubs
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        permissions = [
            ("manage_staff", _("Can manage staff accounts")),
            ("export_data", _("Can export data")),
            ("view_sensitive", _("Can view sensitive personal data")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(area__isnull=True, role="")
                    | models.Q(area__isnull=False, role__in=Role.values)
                ),
                name="user_area_and_role_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def is_retiree(self) -> bool:
        """A retired cadre's own account: no staff page, no admin, an empty scope."""
        return self.role == Role.RETIREE

    @property
    def may_use_admin(self) -> bool:
        """The Django admin is for superusers and district administrators only."""
        if self.is_superuser:
            return True
        return (
            self.role == Role.ADMIN
            and self.area is not None
            and self.area.level == Area.Level.DISTRICT
        )


class PasswordHistory(models.Model):
    """The hashes of an account's last passwords, so that none of them is chosen again."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history", verbose_name=_("account")
    )
    password = models.CharField(_("password"), max_length=128)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier password")
        verbose_name_plural = _("earlier passwords")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"

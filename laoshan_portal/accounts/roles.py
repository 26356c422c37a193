"""Roles and what each may do: the single source of the groups' permissions.

Every model of the scoped apps gets the usual view/add/change/delete permissions (a
model in ``WRITERS`` only for the roles named there, the others only view it);
``ROLE_APP_EXTRAS`` adds an app's own permissions; three portal-wide permissions sit on
the staff account model (manage staff, export, view sensitive personal data).
``roles_sync`` makes the groups match this table and runs after every migration, so a new
model's permissions reach the roles without a data fix.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from .models import Area, Role

# Apps whose every model holds area-scoped data.
SCOPED_APPS = (
    "cadres",
    "workrooms",
    "volunteering",
    "mediation",
    "campaigns",
    "care",
    "funds",
    "university",
    "reports",
    "retirees",
)

# Per role: which model actions on scoped data, and which portal-wide permissions.
ROLE_ACTIONS: dict[Role, set[str]] = {
    Role.ADMIN: {"view", "add", "change", "delete"},
    Role.STREET_STAFF: {"view", "add", "change"},
    Role.SECRETARY: {"view", "add", "change"},
    Role.VIEWER: {"view"},
    Role.RETIREE: set(),
}
ROLE_EXTRAS: dict[Role, set[str]] = {
    Role.ADMIN: {"manage_staff", "export_data", "view_sensitive"},
    Role.STREET_STAFF: {"export_data", "view_sensitive"},
    Role.SECRETARY: {"view_sensitive"},
    Role.VIEWER: set(),
    Role.RETIREE: set(),
}

# Models whose rows only some roles write ("app.model"); the other roles only read them.
# Budgets and their allocations are the district's to enter.
WRITERS: dict[str, set[Role]] = {
    "funds.budgetline": {Role.ADMIN},
    "funds.allocation": {Role.ADMIN},
}
# Permissions of an app's own beyond view/add/change/delete ("app.codename"), per role:
# approving a spending record, which someone other than who entered it does.
ROLE_APP_EXTRAS: dict[Role, set[str]] = {
    Role.ADMIN: {"funds.approve_spending"},
    Role.STREET_STAFF: {"funds.approve_spending"},
    Role.SECRETARY: set(),
    Role.VIEWER: set(),
    Role.RETIREE: set(),
}

# Levels an area must have for a role to be given there; absent means any level.
ROLE_LEVELS: dict[Role, set[str]] = {
    Role.STREET_STAFF: {Area.Level.STREET},
    Role.SECRETARY: {Area.Level.COMMUNITY},
}

# Roles of people who are not staff: they sign in to their own pages only.
NON_STAFF_ROLES = {Role.RETIREE}


def _scoped_models() -> list[type[Model]]:
    models: list[type[Model]] = [Area]
    for label in SCOPED_APPS:
        models.extend(apps.get_app_config(label).get_models())
    return models


def role_permissions(role: Role) -> list[Permission]:
    content_types = ContentType.objects.get_for_models(*_scoped_models())
    wanted: list[tuple[int, str]] = []
    for model, content_type in content_types.items():
        writers = WRITERS.get(model._meta.label_lower)
        for action in ROLE_ACTIONS[role]:
            if writers is not None and action != "view" and role not in writers:
                continue
            wanted.append((content_type.pk, f"{action}_{model._meta.model_name}"))
    codenames = [codename for _, codename in wanted]
    by_key = {
        (p.content_type_id, p.codename): p
        for p in Permission.objects.filter(codename__in=codenames)
    }
    perms = [by_key[key] for key in wanted if key in by_key]
    perms.extend(
        Permission.objects.filter(
            content_type__app_label="accounts",
            content_type__model="user",
            codename__in=ROLE_EXTRAS[role],
        )
    )
    for name in ROLE_APP_EXTRAS[role]:
        app_label, codename = name.split(".", 1)
        perms.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return perms


@transaction.atomic
def roles_sync() -> None:
    """Create one group per role and give it exactly the permissions of the table."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(role_permissions(role))


def role_group(role: Role | str) -> Group:
    return Group.objects.get(name=Role(role).value)

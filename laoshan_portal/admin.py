"""The Django admin, scoped like the portal: ``ScopedModelAdmin`` is the base of every
ModelAdmin. Its querysets, foreign-key choices, list filters and actions see only the
user's area; an object out of scope is a 404, not the stock "does not exist" redirect.

The admin reads; it does not write beside the services. Every write must validate, derive
its fields (a name's pinyin), check the scope, mark the dashboards' summaries stale and
leave an audit event, and only the services do all of that. So a ``ScopedModelAdmin`` offers
no add, change or delete unless it names the service that does the work:
``service_writes`` lists the operations whose ``save_model``/``delete_model`` call one.
``tests/test_admin_writes.py`` walks the registry as every role to hold this.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest
from django_stubs_ext import StrPromise

from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import OUT_OF_SCOPE, ModelMultipleChoiceField
from laoshan_portal.reference_lists import reference_item_delete, reference_item_save
from laoshan_portal.scoping import request_scope, scoped_queryset, selector_of


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A sidebar filter on a foreign key that lists only related rows in scope."""

    def field_choices(
        self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[Any, str | StrPromise]]:
        related = field.related_model
        if selector_of(related) is None:
            return super().field_choices(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in scoped_queryset(related, request_scope(request))]


class ScopedModelAdmin(admin.ModelAdmin[Any]):
    # Operations whose save_model/delete_model call a service: of "add", "change", "delete".
    service_writes: frozenset[str] = frozenset()
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "add" in self.service_writes and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "change" in self.service_writes and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "delete" in self.service_writes and super().has_delete_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = scoped_queryset(self.model, request_scope(request))
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and self._is_scoped_relation(entry):
                entry = (entry, ScopedRelatedFieldListFilter)
            filters.append(entry)
        return filters

    def _is_scoped_relation(self, name: str) -> bool:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:  # a lookup path such as "area__parent": left as it is
            return False
        return field.is_relation and selector_of(field.related_model) is not None

    def _limit(self, formfield: Any, request: HttpRequest, db_field: Any) -> Any:
        if formfield is not None and selector_of(db_field.related_model) is not None:
            formfield.queryset = scoped_queryset(db_field.related_model, request_scope(request))
            if isinstance(formfield, ModelChoiceField):
                formfield.error_messages["invalid_choice"] = OUT_OF_SCOPE
        return formfield

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._limit(formfield, request, db_field)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("form_class", ModelMultipleChoiceField)  # a huge id is not a 500
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._limit(formfield, request, db_field)


class ReferenceListAdmin(admin.ModelAdmin[Any]):
    """A portal-wide managed list (no area): everyone may read it, administrators edit it,
    through ``reference_lists`` (which writes the audit trail). ``editable = False`` for a
    list of fixed rows."""

    editable = True

    def _may_edit(self, request: HttpRequest) -> bool:
        user = request.user
        return self.editable and (user.is_superuser or user.has_perm("accounts.manage_staff"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_edit(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        reference_item_save(actor=request.user, item=obj, ip=client_ip(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        reference_item_delete(actor=request.user, item=obj, ip=client_ip(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

"""Form helpers shared by every app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from laoshan_portal import clock
from laoshan_portal.widgets import quicken

OUT_OF_SCOPE = _("The chosen area is outside your area.")
# What an empty choice reads: nothing filtered out in a filter, a prompt in a form,
# instead of Django's "---------".
ANY_CHOICE = _("All")
CHOOSE = _("Please choose")
DASHES = "---------"


def label_empty_choices(fields: Iterable[forms.Field], label: str) -> None:
    """Give the empty choice of each select among ``fields`` the label ``label``.

    Only Django's and django-filter's dashes are replaced: an empty choice a field words
    itself ("Not in the list / not sure") keeps its words.
    """
    for field in fields:
        if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.MultipleChoiceField):
            continue
        if hasattr(field, "empty_label"):
            if field.empty_label == DASHES:
                field.empty_label = label
                # A form's copy of a field shares its widget's choices with the original.
                field.widget.choices = field.choices
        else:
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
            field.choices = [
                (value, label if value == "" and text == DASHES else text)
                for value, text in choices
            ]


class DateInput(forms.DateInput):
    """The browser's own date picker (a wheel on phones), sent as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs, format="%Y-%m-%d", **kwargs)


# The mixin is mixed into Django forms; to the type checker it is one.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledFormMixin(_FormBase):
    """Gives a form's widgets Bootstrap's classes, marked invalid after a bad post."""

    # Dates of things that happened. The services apply the rule
    # (laoshan_portal.clock.require_not_future); a form checks it too, with the same
    # function's test and message, so that it shows every error of a post at once.
    past_dates: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self._style(field)

    def _style(self, field: forms.Field) -> None:
        widget = field.widget
        if isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        else:
            css = "form-control"
        widget.attrs["class"] = css
        label_empty_choices([field], str(CHOOSE))
        quicken(field)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for name in self.past_dates:
            if clock.is_future(cleaned.get(name)):
                self.add_error(name, clock.FUTURE_DATE)
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"


class StyledForm(StyledFormMixin, forms.Form):
    """A plain form with Bootstrap styling."""


class AreaChoiceField(forms.ModelChoiceField[Any]):
    """Areas of the user's scope, indented by depth; any other value is a form error."""

    default_error_messages = {"invalid_choice": OUT_OF_SCOPE}
    labels_from_rows_alone = True  # name and depth: its options may be kept (widgets)

    def __init__(self, queryset: models.QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(queryset=queryset.order_by("path"), **kwargs)
        self.base_depth = 0

    def label_from_instance(self, obj: Any) -> str:
        indent: str = "\u3000" * max(obj.depth - self.base_depth, 0)
        return indent + str(obj.name)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Django's, but an id too large for the database is a form error, not a server error.

    Django guards ``pk=`` lookups against integer overflow but not the ``pk__in=`` this
    field runs: SQLite raises OverflowError and PostgreSQL refuses the query (a 500).
    """

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        queryset = self.queryset
        if queryset is None:
            return super()._check_values(value)  # type: ignore[misc]
        meta = queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(field, models.IntegerField):
            ops = connections[queryset.db].ops
            low, high = ops.integer_field_range(field.get_internal_type())
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # not a number at all: Django's own check refuses it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def refuse_repeats(form: forms.BaseForm, name: str) -> None:
    """Refuse a person chosen twice in the multiple choice ``name``: the field itself drops
    a repeated id silently."""
    getlist = getattr(form.data, "getlist", None)
    raw = [str(value) for value in getlist(form.add_prefix(name))] if getlist else []
    if len(raw) != len(set(raw)):
        raise ValidationError(_("The same person is chosen twice."))


__all__ = [
    "ANY_CHOICE",
    "CHOOSE",
    "NON_FIELD_ERRORS",
    "AreaChoiceField",
    "ModelMultipleChoiceField",
    "StyledForm",
    "StyledFormMixin",
    "add_service_errors",
    "label_empty_choices",
    "refuse_repeats",
]


def query_text(data: Any, key: str, limit: int) -> str:
    """A free-text parameter read straight from the request, fit for a query.

    Forms refuse NUL characters themselves; a parameter read without a form
    must drop them here, since PostgreSQL rejects them in any text value.
    """
    return str(data.get(key, "")).replace("\x00", "").strip()[:limit]


class SensitiveExportForm(StyledForm):
    """The explicit choice of an export or a document with ID numbers and phones in full."""

    full = forms.BooleanField(label=_("Include the full ID numbers and phones"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail with the export."),
    )

"""A select box written out in Python.

Django's ``Select`` draws its HTML with a template per option (and another for each
option's attributes): a filter's hundred areas took more of a list page's time than the
list itself. ``QuickSelect`` writes the same HTML, character for character, in Python.

The options of a model's rows (a filter's areas or teams) are read from the database on
every page; for a model named by ``keep_choices`` they are kept in the cache (``kept``)
until one of its rows changes, for each query, label and language apart.
"""

from __future__ import annotations

from hashlib import sha256
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language

from .kept import forget_on, kept

# How a template shows a value: localized, escaped unless already safe.
_SHOWN = Context(autoescape=True)


def _shown(value: Any) -> str:
    return render_value_in_context(value, _SHOWN)


def _as_string(value: Any) -> Any:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe."""
    text = stringformat(value, "s")
    return SafeString(text) if isinstance(value, SafeData) else text  # nosec B703


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    return "".join(
        f" {_shown(name)}" + ("" if value is True else f'="{_shown(_as_string(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict[str, Any]) -> str:
    """``django/forms/widgets/select_option.html``, as included by ``select.html``."""
    value, attrs, label = (
        _shown(_as_string(option["value"])),
        _attrs(option["attrs"]),
        option["label"],
    )
    return f'\n  <option value="{value}"{attrs}>{_shown(label)}</option>\n'


# The topic of each model whose options are kept, by its label ("volunteering.team").
_KEPT_CHOICES: dict[str, str] = {}


def keep_choices(model: type[models.Model], topic: str = "") -> None:
    """Keep the options of ``model``'s select boxes until one of its rows changes (under
    ``topic``, which must be forgotten on every change to ``model``; its own by default).
    Called from an app's ``ready()``, in every process."""
    label = model._meta.label_lower
    if not topic:
        topic = f"choices-{label}"
        forget_on(topic, model)
    _KEPT_CHOICES[label] = topic


def _kept_options(choices: ModelChoiceIterator) -> list[tuple[Any, Any]] | None:
    """The options ``choices`` would read, kept; None where they may depend on more than
    the rows themselves (a label drawn from other tables)."""
    field, queryset = choices.field, choices.queryset
    topic = _KEPT_CHOICES.get(queryset.model._meta.label_lower)
    if topic is None or not (
        type(field).label_from_instance is forms.ModelChoiceField.label_from_instance
        or getattr(field, "labels_from_rows_alone", False)
    ):
        return None
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # ``none()``: nothing to read, nothing to keep
        return None
    drawn = (
        type(field).__qualname__,
        getattr(field, "base_depth", None),
        str(field.empty_label),
        get_language(),
        queryset.db,
        sql,
        params,
    )
    key = "choices-" + sha256(repr(drawn).encode()).hexdigest()
    return kept(
        [topic], key, lambda: [(getattr(value, "value", value), label) for value, label in choices]
    )


class QuickSelect(forms.Select):
    """``forms.Select`` with its default templates, drawn without them."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = self.choices
        options = _kept_options(choices) if isinstance(choices, ModelChoiceIterator) else None
        if options is not None:
            self.choices = options
        try:
            widget = self.get_context(name, value, attrs)["widget"]
        finally:
            self.choices = choices
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            parts += [_option(option) for option in options]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return SafeString("".join(parts))  # each part escaped above  # nosec B703


def quicken(field: forms.Field) -> None:
    """Draw ``field``'s select box with ``QuickSelect`` when it is a plain ``Select``."""
    if type(field.widget) is forms.Select:
        field.widget.__class__ = QuickSelect

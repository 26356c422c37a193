"""A select box written out in Python.

Django's ``Select`` draws its HTML with a template per option (and another for each
option's attributes): a filter's hundred areas took more of a list page's time than the
list itself. ``QuickSelect`` writes the same HTML, character for character, in Python.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, SafeString

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


class QuickSelect(forms.Select):
    """``forms.Select`` with its default templates, drawn without them."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
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

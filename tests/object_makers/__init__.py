"""How to make an object of each scoped model in a given area, for the URL scope test.

Each module in this package defines ``MAKERS: dict[model, Callable[[Area], object]]``;
they are merged here, so every app adds its own without touching the others.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

OBJECT_MAKERS: dict[type, Callable[[Any], Any]] = {}
for _module in pkgutil.iter_modules(__path__):
    OBJECT_MAKERS.update(importlib.import_module(f"{__name__}.{_module.name}").MAKERS)

"""Names a package imports from its own modules when first asked for (PEP 562), so that importing the package
stays cheap: `__getattr__ = lazy_names(__name__, {"Name": "module", ...})` in its `__init__`."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """The package's `__getattr__`: each of `names` read from its module (`names[name]`, relative to `package`)
    the first time it is asked for, then kept in the package like any other name."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__

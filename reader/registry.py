"""How every registry names what it holds: "module:attribute", the module relative to the
registry's own package, imported when the entry is first used.

Engines, input formats, import sources, publish targets, book formats and languages are
each one table of such references (a new one: a module and a line). Naming and checking the
choices, which every start of `reader` does (help, reader.toml's checks), costs no import,
and what an entry brings (onnxruntime, trafilatura, feedparser, boto3) loads only with it.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any


@cache
def load(package: str, reference: str) -> Any:
    """The attribute `reference` ("module:attribute") names in `package`."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(f"{package}.{module}"), attribute)

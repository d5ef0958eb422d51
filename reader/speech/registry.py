"""The engine registry: name -> engine class. Adding an engine is one file and one line here."""

from __future__ import annotations


def describe_engines() -> list[str]:
    """One line per engine and voice, saying whether it works on this machine right now."""
    raise NotImplementedError

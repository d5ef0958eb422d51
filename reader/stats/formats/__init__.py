"""The access-log formats `reader stats` reads, recognised by their content: one module per
format and one line in FORMATS, named "module:Class" (reader.registry's references). A log
is read in the first format that recognises its first line (CloudFront's directives first:
they are unmistakable)."""

from __future__ import annotations

from ...registry import load
from .base import Hit, LogFormat

FORMATS = ("cloudfront:CloudFront", "s3:S3", "combined:Combined")


def _kinds() -> list[type[LogFormat]]:
    return [load(__name__, reference) for reference in FORMATS]


def recognise(first_line: str) -> LogFormat | None:
    """A fresh reader for the format of a log whose first line this is, or None."""
    for kind in _kinds():
        reader = kind()
        if reader.recognises(first_line):
            return reader
    return None


def known_formats() -> str:
    """The formats by name, for a message about a log in none of them."""
    return ", ".join(kind.description for kind in _kinds())


__all__ = ["FORMATS", "Hit", "LogFormat", "known_formats", "recognise"]

"""The access-log formats `reader stats` reads, recognised by their content: one module
per format and one line here. A log is read in the first format that recognises its first
line (CloudFront's directives first: they are unmistakable)."""

from __future__ import annotations

from .base import Hit, LogFormat
from .cloudfront import CloudFront
from .combined import Combined
from .s3 import S3

FORMATS: tuple[type[LogFormat], ...] = (CloudFront, S3, Combined)


def recognise(first_line: str) -> LogFormat | None:
    """A fresh reader for the format of a log whose first line this is, or None."""
    for kind in FORMATS:
        reader = kind()
        if reader.recognises(first_line):
            return reader
    return None


def describe() -> str:
    return ", ".join(kind.description for kind in FORMATS)


__all__ = ["FORMATS", "Hit", "LogFormat", "describe", "recognise"]

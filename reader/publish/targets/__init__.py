"""Publish targets: where a site goes. One module per kind (its KIND) and one line each in
TARGETS, named "module:KIND" (reader.registry's references, imported when used).

A target only moves files; the order and what to move come from the plan, so every kind
gets the same guarantees (media before the feed, deletions after it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ...errors import UserError
from ...registry import load
from ..files import SiteFile

Advance = Callable[[int], None]  # bytes sent since the last call (drives the progress bar)


class Target(Protocol):
    name: str  # how messages name it, e.g. "s3://bucket/listen"

    def read_manifest(self) -> dict[str, str] | None:
        """The manifest of the last publish, or None when there is none."""

    def upload(self, files: Sequence[SiteFile], advance: Advance) -> list[SiteFile]:
        """Put `files` (all of one phase) on the target; returns those actually sent (a file
        already there with the same hash, left by an interrupted publish, is skipped)."""

    def delete(self, keys: Sequence[str]) -> None:
        """Remove `keys`; a key already gone is not an error (a rerun deletes again)."""

    def write_manifest(self, manifest: Mapping[str, str]) -> None: ...


@dataclass(frozen=True)
class TargetOptions:
    site: Path  # the folder being published (a folder target must not be inside it)
    endpoint_url: str | None = None  # S3-compatible stores other than AWS


@dataclass(frozen=True)
class TargetKind:
    name: str
    example: str
    matches: Callable[[str], bool]
    open: Callable[[str, TargetOptions], Target]


# Order matters: the folder kind takes whatever the others do not recognise.
TARGETS = ("s3:KIND", "rsync:KIND", "folder:KIND")


def _kinds() -> list[TargetKind]:
    return [load(__name__, reference) for reference in TARGETS]


def open_target(spec: str, options: TargetOptions) -> Target:
    if not spec.strip():
        raise UserError("no target given; pass --to or set [publish] to in reader.toml")
    for kind in _kinds():
        if kind.matches(spec):
            if options.endpoint_url and kind.name != "s3":
                raise UserError("--endpoint-url applies to s3:// targets only", path=spec)
            return kind.open(spec, options)
    raise UserError("not a publish target", path=spec)  # unreachable: folder takes the rest


def describe_targets() -> str:
    return ", ".join(kind.example for kind in _kinds())

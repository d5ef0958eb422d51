"""A local or mounted folder (a web server's document root, a synced drive).

Every file is copied to a temporary beside its destination and renamed into place, so a
web server reading the folder never serves half a file, and a killed publish leaves each
file old or new. A folder has no headers: the web server serving it sets types and caching.
"""

from __future__ import annotations

import glob
from collections.abc import Mapping, Sequence
from pathlib import Path

from ...errors import UserError
from ...fsutil import atomic_path, safe_join, sha256_file, write_bytes_atomic
from ..files import SiteFile
from ..manifest import MANIFEST_KEY, decode_manifest, encode_manifest
from . import Advance, TargetKind, TargetOptions

_CHUNK = 1 << 20


class FolderTarget:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = str(root)

    def read_manifest(self) -> dict[str, str] | None:
        path = self.root / MANIFEST_KEY
        if not path.is_file():
            return None
        return decode_manifest(path.read_bytes(), self.name)

    def upload(self, files: Sequence[SiteFile], advance: Advance) -> list[SiteFile]:
        sent = []
        for file in files:
            destination = self._path(file.key)
            _remove_leftovers(destination)
            if destination.is_file() and sha256_file(destination) == file.sha256:
                advance(file.size)  # left by an interrupted publish
                continue
            try:
                with atomic_path(destination) as tmp, open(file.path, "rb") as source, \
                        open(tmp, "wb") as sink:
                    while block := source.read(_CHUNK):
                        sink.write(block)
                        advance(len(block))
            except OSError as exc:
                raise UserError(f"cannot write {file.key}: {exc.strerror or exc}",
                                path=self.name) from exc
            sent.append(file)
        return sent

    def delete(self, keys: Sequence[str]) -> None:
        for key in keys:
            path = self._path(key)
            try:
                path.unlink(missing_ok=True)
                self._remove_empty_folders(path.parent)
            except OSError as exc:
                raise UserError(f"cannot delete {key}: {exc.strerror or exc}",
                                path=self.name) from exc

    def write_manifest(self, manifest: Mapping[str, str]) -> None:
        write_bytes_atomic(self.root / MANIFEST_KEY, encode_manifest(manifest))

    def _path(self, key: str) -> Path:
        return safe_join(self.root, *key.split("/"))

    def _remove_empty_folders(self, folder: Path) -> None:
        """A removed article's page folder goes too; the target folder itself stays."""
        root = self.root.resolve()
        while folder != root and root in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _remove_leftovers(destination: Path) -> None:
    """The temporary of a publish killed while writing this file (fsutil names it
    .<name>.<random>.tmp), so a killed publish leaves no stray file once run again."""
    if destination.parent.is_dir():
        for leftover in destination.parent.glob(f".{glob.escape(destination.name)}.*.tmp"):
            leftover.unlink(missing_ok=True)


def _open(spec: str, options: TargetOptions) -> FolderTarget:
    root = Path(spec).expanduser()
    site = options.site.resolve()
    resolved = root.resolve()
    if resolved == site or site in resolved.parents or resolved in site.parents:
        raise UserError(f"the target folder overlaps the site folder {options.site}",
                        path=spec)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the target folder: {exc.strerror or exc}",
                        path=spec) from exc
    return FolderTarget(root.resolve())


KIND = TargetKind(
    name="folder",
    example="a folder path",
    matches=lambda spec: True,
    open=_open,
)


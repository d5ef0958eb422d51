"""Posts → Markdown files, never losing an author's edit.

A file that exists is never overwritten, with one exception: with `update`, a file this
importer wrote and nobody changed since (its hash is the one recorded in the output
folder's `.reader-import.json`) is rewritten. A rerun with nothing new writes nothing,
so the files stay byte-identical. The state file starts with "." so `reader build`
never takes it for an article.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..errors import UserError
from ..fsutil import safe_join, write_bytes_atomic, write_text_atomic
from ..load.meta import SLUG_RE
from . import Post

STATE_NAME = ".reader-import.json"
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((https?://[^)\s]+)\)")


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # "name: why it was not overwritten"
    skipped: list[str] = field(default_factory=list)  # "item: why it is not a post"

    def line(self, *, dry_run: bool = False) -> str:
        verb = "would write" if dry_run else "wrote"
        parts = [f"{verb} {len(self.written)}"]
        if self.updated:
            parts.append(f"updated {len(self.updated)}")
        parts += [f"unchanged {len(self.unchanged)}", f"kept {len(self.kept)}"]
        parts.append(f"skipped {len(self.skipped)}")
        return ", ".join(parts)


class Writer:
    """Writes posts one at a time into `folder`, recording what it wrote as it goes, so
    an import cut off by a network error keeps every file written before it."""

    def __init__(
        self,
        folder: Path,
        *,
        update: bool = False,
        dry_run: bool = False,
        images: Callable[[str], bytes] | None = None,
    ) -> None:
        self.folder = folder
        self.update = update
        self.dry_run = dry_run
        self.images = images  # a fetcher when images are to be downloaded
        self.report = ImportReport()
        self.state = _load_state(folder)
        self.slugs: dict[str, str] = {}

    def write(self, post: Post) -> str:
        """Write one post; returns what happened, as a line for the user."""
        from .render import article_text, file_name

        if not SLUG_RE.match(post.slug):
            self.report.skipped.append(f"{post.title}: no usable slug")
            return f"skipped {post.title!r}: no usable slug"
        name = file_name(post)
        if post.slug in self.slugs and self.slugs[post.slug] != name:
            why = f"slug {post.slug!r} is already used by {self.slugs[post.slug]}"
            self.report.skipped.append(f"{name}: {why}")
            return f"skipped {name}: {why}"
        self.slugs[post.slug] = name
        body = article_text(post)
        if self.images is not None:
            body = self._download_images(post.slug, body)
        data = body.encode("utf-8")
        # A post whose date was changed on the old site is the file written before under
        # the old date: one article per slug, never a second file `reader build` refuses.
        name = self._written_before(post.slug) or name
        path = safe_join(self.folder, name)
        if path.exists():
            return self._existing(path, name, data)
        if not self.dry_run:
            write_bytes_atomic(path, data)
            self._record(name, data)
        self.report.written.append(name)
        return f"{'would write' if self.dry_run else 'wrote'} {name}"

    def _written_before(self, slug: str) -> str | None:
        pattern = re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}}-{re.escape(slug)}\.md$")
        return next((name for name in sorted(self.state) if pattern.match(name)), None)

    def _existing(self, path: Path, name: str, data: bytes) -> str:
        current = path.read_bytes()
        if current == data:
            self.report.unchanged.append(name)
            return f"unchanged {name}"
        ours = self.state.get(name) == _sha(current)
        if self.update and ours:
            if not self.dry_run:
                write_bytes_atomic(path, data)
                self._record(name, data)
            self.report.updated.append(name)
            return f"{'would update' if self.dry_run else 'updated'} {name}"
        why = (
            "exists; rerun with --update to rewrite it"
            if ours
            else "exists and was not written by reader import, or was edited since; kept"
        )
        self.report.kept.append(f"{name}: {why}")
        return f"kept {name}: {why}"

    def _record(self, name: str, data: bytes) -> None:
        self.state[name] = _sha(data)
        write_text_atomic(
            self.folder / STATE_NAME, json.dumps(self.state, indent=1, sort_keys=True) + "\n"
        )

    def _download_images(self, slug: str, body: str) -> str:
        """Each remote image into images/<slug>/, referenced from there."""
        assert self.images is not None
        fetch = self.images

        def local(match: re.Match[str]) -> str:
            alt, url = match.group(1), match.group(2)
            name = PurePosixPath(urlsplit(url).path).name or "image"
            relative = f"images/{slug}/{name}"
            target = safe_join(self.folder, "images", slug, name)
            if not target.exists() and not self.dry_run:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(target, fetch(url))
            return f"![{alt}]({relative})"

        return _IMAGE_RE.sub(local, body)


def _load_state(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ensure_folder(folder: Path, *, dry_run: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise UserError("is not a folder", path=folder)
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)

"""Approvals: the articles an author has heard and approved in `reader studio`.

Kept in approvals.toml beside reader.toml, meant to be committed with the articles:

    [approved]
    morning-pages = "3f2a9c0e51d7b6a4"   # the fingerprint of the script that was approved

An approval holds for the script it was given for (every word the voice says, the opening
included), so editing the article, or anything that changes what is spoken, asks for a new
one. With `[publish] require_approval = true`, `reader build` publishes an article only
while its script is the approved one, and keeps the last approved episode of an article
changed since (reader.builder.plan). The file is written with tomlkit, so an author's
comments and order survive, and atomically.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..config.edit import set_entry
from ..errors import ConfigError
from ..fsutil import fingerprint, write_text_atomic
from ..models import Script

TABLE = "approved"
HEADER = """\
# Articles approved in `reader studio`, each for the script it had then (a fingerprint of
# every word spoken). With [publish] require_approval = true in reader.toml, `reader build`
# publishes an article only while its script is the one approved here. Commit this file.
"""


def script_fingerprint(script: Script) -> str:
    """What an approval is for: the article's script, every word the voice will say."""
    return fingerprint(script.to_json_obj())


@dataclass(frozen=True)
class Approvals:
    """slug -> the fingerprint of the script approved for it."""

    approved: dict[str, str] = field(default_factory=dict)

    def approves(self, slug: str, script: str) -> bool:
        return bool(script) and self.approved.get(slug) == script


def load_approvals(path: Path) -> Approvals:
    """The approvals in `path` (none when it is missing); ConfigError naming it when broken."""
    if not path.is_file():
        return Approvals()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from exc
    table = data.get(TABLE, {})
    if set(data) - {TABLE} or not isinstance(table, dict):
        raise ConfigError(f"holds only an [{TABLE}] table of slug = \"fingerprint\" lines",
                          path=path)
    for slug, value in table.items():
        if not isinstance(value, str):
            raise ConfigError(f"[{TABLE}] {slug!r} must be a string", path=path)
    return Approvals(dict(table))


def record_approval(path: Path, slug: str, script: str) -> Approvals:
    """Approve `slug` for the script fingerprinted `script`, keeping the file's comments and
    order (tomlkit); written atomically. Returns the approvals now in force."""
    load_approvals(path)  # a broken file is reported, never overwritten
    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    write_text_atomic(path, set_entry(text, TABLE, slug, script)[0])
    return load_approvals(path)

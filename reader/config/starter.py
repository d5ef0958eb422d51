"""What the schema is written as: the starter reader.toml of `reader init`, and
docs/configuration.md (`make docs`; tests/test_config.py keeps the committed page in step)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..fsutil import FILE_MODE
from .options import Setting, all_settings, default_of
from .schema import TABLES, Config

if TYPE_CHECKING:
    from ..sitegen import SiteInfo

_COMMENT_COLUMN = 20
STARTER_HEAD = """\
# reader.toml: settings for `reader build` (https://example.com is a placeholder).
# Fill in the five empty values under [podcast], then run `reader build`.
# Every key is described in docs/configuration.md.
"""


def toml_value(value: Any) -> str:
    """A value as TOML writes it (strings as JSON strings, which TOML reads the same)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _line(assignment: str, comment: str) -> str:
    return f"{assignment:<{_COMMENT_COLUMN - 2}}  # {comment}"


def _starter_line(declared: Setting, default: Any, given: str | None, note: str) -> str | None:
    if given is not None:
        return _line(f"{declared.key} = {toml_value(given)}", note or declared.help)
    if declared.required:
        return _line(f'{declared.key} = ""', f"required: {declared.help}")
    if declared.starter == "set":
        return _line(f"{declared.key} = {toml_value(default)}", declared.help)
    if declared.starter == "comment":
        otherwise = f" (default: {declared.docs_default})" if declared.docs_default else ""
        return _line(f"# {declared.key} = {declared.example}", declared.help + otherwise)
    return None


def _by_table() -> Iterator[tuple[str, list[tuple[Setting, Any]]]]:
    settings = [(s, default_of(f)) for f, s in all_settings(Config)]
    for table in TABLES:
        yield table, [(s, d) for s, d in settings if s.table == table]


def render_starter(given: dict[str, str] | None = None, notes: dict[str, str] | None = None
                   ) -> str:
    """The starter file; `given` fills in keys ("table.key" -> value), `notes` comments them."""
    given, notes = given or {}, notes or {}
    parts = [STARTER_HEAD]
    for table, settings in _by_table():
        lines = [
            line for s, default in settings
            if (line := _starter_line(s, default, given.get(f"{table}.{s.key}"),
                                      notes.get(f"{table}.{s.key}", ""))) is not None
        ]
        if lines:
            parts.append(f"\n[{table}]\n" + "\n".join(lines) + "\n")
    return "".join(parts)


def starter_config(site: SiteInfo | None = None) -> str:
    """The starter file; for a blog made with a site generator, with its articles folder,
    its address under /listen/ and its title filled in."""
    if site is None:
        return render_starter()
    given = {"articles.folder": site.articles}
    if site.title:
        given["podcast.title"] = site.title
    if site.base_url:
        given["podcast.base_url"] = site.base_url
    note = f"the {site.generator} site's articles, read in place"
    return render_starter(given, {"articles.folder": note})


def write_starter_config(path: Path, site: SiteInfo | None = None) -> None:
    """Write a commented starter reader.toml; refuse to overwrite an existing file."""
    if path.exists():
        raise ConfigError("already exists; edit it, or remove it to start again", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(starter_config(site))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, FILE_MODE)  # as open() would: mkstemp makes 0600 files
        # Not fsutil.write_text_atomic: os.replace would overwrite a file that appeared
        # meanwhile. os.link refuses to, and still makes the complete file appear at once.
        try:
            os.link(tmp_name, path)
        except FileExistsError as exc:
            raise ConfigError("already exists; not overwritten", path=path) from exc
    finally:
        os.unlink(tmp_name)


DOCS_HEAD = """\
# Configuration: reader.toml

<!-- Made from reader/config/schema.py by `make docs` (python -m reader.config); edit the
schema, not this page: a test fails while the two differ. -->

`reader build` reads `reader.toml` beside the articles (or the file `--config` names);
`reader init` writes a starter one with the keys most blogs set. Every key below is
optional except the five marked *required* under `[podcast]`. A key or table that is not
listed here is an error naming it (a misspelt key would otherwise be ignored), and every
bad value is one line naming `[table] key` in reader.toml; all of them stop a build before
any synthesis. Paths are relative to the folder that holds reader.toml.

The podcast's guid is saved in `podcast-guid.txt` next to reader.toml: **commit it**. Moving
`base_url` later keeps the guid, so subscribers keep their subscription.
"""


def _docs_default(declared: Setting, default: Any) -> str:
    if declared.required:
        return "*required*"
    if declared.docs_default is not None:
        return declared.docs_default
    return "not set" if default is None else f"`{toml_value(default)}`"


def render_docs() -> str:
    """docs/configuration.md: every table and key, from the schema."""
    parts = [DOCS_HEAD]
    for table, settings in _by_table():
        parts.append(f"\n## [{table}]\n\n{TABLES[table]}\n\n")
        parts.append("| Key | Type | Default | Example | What it is |\n|---|---|---|---|---|\n")
        for declared, default in settings:
            example = f"`{declared.key} = {declared.example}`" if declared.example else ""
            cells = (f"`{declared.key}`", declared.kind.name, _docs_default(declared, default),
                     example, declared.help)
            parts.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n")
    return "".join(parts)


"""How one key of reader.toml is declared: its table, name, type, default, help and check.

Every key is declared once, as a field of the frozen value it fills (reader/config/schema.py),
in the manner of MkDocs' config options: `setting()` keeps a `Setting` in the field's
metadata and the field's default is the key's default. The loader, the unknown-key check,
the starter file of `reader init` and docs/configuration.md all read the declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError


class Invalid(ValueError):
    """A check's complaint; the loader puts `<file>: [table] key ` in front of it."""


@dataclass(frozen=True)
class Kind:
    """A TOML type as reader.toml accepts it."""

    name: str  # as docs/configuration.md names it
    types: tuple[type, ...]
    wrong: str  # the error's tail when the value has another type

    def accepts(self, value: object) -> bool:
        # TOML's true is a Python int too: a number is never a boolean.
        return isinstance(value, self.types) and (bool in self.types
                                                   or not isinstance(value, bool))


TEXT = Kind("string", (str,), 'must be a string in quotes, e.g. {key} = {example}')
PATH = Kind("path", (str,), TEXT.wrong)  # relative to the folder of reader.toml
NUMBER = Kind("number", (int, float), "must be a number, e.g. {key} = {example}")
WHOLE = Kind("whole number", (int,), "must be a whole number, e.g. {key} = {example}")
BOOLEAN = Kind("true or false", (bool,), "must be true or false (no quotes)")
TEXTS = Kind("list of strings", (list, str), "must be a list of strings, e.g. {key} = {example}")
BY_LANGUAGE = Kind("table of language = string", (dict,),
                   "must be a table of language = \"...\" pairs, e.g. {key} = {example}")


@dataclass(frozen=True)
class Place:
    """Where the values come from: the file (for messages) and its folder (for paths)."""

    path: Path
    root: Path


Check = Callable[[Any, Place], Any]  # validate and normalise a value; raise Invalid
# "set": written with its default; "comment": written commented out, with its example.
Starter = Literal["set", "comment"] | None


@dataclass(frozen=True)
class Setting:
    """One key: `[table] key`, with everything a reader of reader.toml is told about it."""

    table: str
    key: str
    kind: Kind
    help: str  # one line: the starter file's comment and the docs' description
    example: str = ""  # a TOML value for messages, the starter file and the docs
    check: Check | None = None
    required: bool = False
    starter: Starter = None  # how `reader init` writes the key (required keys: always, empty)
    docs_default: str | None = None  # the default in words when it is worked out at run time

    @property
    def name(self) -> str:
        return f"[{self.table}] {self.key}"

    def read(self, value: object, place: Place) -> Any:
        """The checked value, or a one-line ConfigError naming `[table] key`."""
        if not self.kind.accepts(value):
            wrong = self.kind.wrong.format(key=self.key, example=self.example or '"..."')
            raise ConfigError(f"{self.name} {wrong}", path=place.path)
        if self.check is None:
            return value
        try:
            return self.check(value, place)
        except Invalid as exc:
            raise ConfigError(f"{self.name} {exc}", path=place.path) from None


def setting(table: str, key: str, default: Any = dataclasses.MISSING, *, kind: Kind = TEXT,
            help: str, example: str = "", check: Check | None = None,
            starter: Starter = None, docs_default: str | None = None) -> Any:
    """A dataclass field declaring `[table] key`; without a default the key is required."""
    declared = Setting(table, key, kind, help, example, check,
                       required=default is dataclasses.MISSING, starter=starter,
                       docs_default=docs_default)
    return dataclasses.field(default=default, metadata={"setting": declared})


def group(value_type: type, default: Any = dataclasses.MISSING) -> Any:
    """A dataclass field holding another declared value (its keys are read into it)."""
    if default is dataclasses.MISSING:
        return dataclasses.field(default_factory=value_type, metadata={"group": value_type})
    return dataclasses.field(default=default, metadata={"group": value_type})


def declared(value_type: type) -> Iterator[tuple[dataclasses.Field[Any], Setting]]:
    """The fields of `value_type` that are keys of reader.toml, in declaration order."""
    for field in dataclasses.fields(value_type):
        if "setting" in field.metadata:
            yield field, field.metadata["setting"]


def all_settings(value_type: type) -> Iterator[tuple[dataclasses.Field[Any], Setting]]:
    """Every key under `value_type`, its groups' keys in the place the group is declared."""
    for field in dataclasses.fields(value_type):
        if "setting" in field.metadata:
            yield field, field.metadata["setting"]
        elif "group" in field.metadata:
            yield from all_settings(field.metadata["group"])


def default_of(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return dataclasses.MISSING


def read_values(value_type: type, data: dict[str, Any], place: Place) -> dict[str, Any]:
    """The keyword arguments for `value_type` from the tables in `data`: each key present is
    checked, the others keep their defaults; required keys missing are named in one line."""
    values: dict[str, Any] = {}
    missing: list[Setting] = []
    for field, declared_key in declared(value_type):
        raw = data.get(declared_key.table, {}).get(declared_key.key)
        if raw is None or raw == "":  # an empty string is a value not filled in
            if declared_key.required:
                missing.append(declared_key)
            continue
        values[field.name] = declared_key.read(raw, place)
    if missing:
        table = missing[0].table
        examples = "; ".join(f"{m.key} = {m.example}" for m in missing)
        raise ConfigError(
            f"[{table}] is missing {', '.join(m.key for m in missing)}; "
            f"add under [{table}]: {examples}",
            path=place.path,
        )
    return values

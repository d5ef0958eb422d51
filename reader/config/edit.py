"""One entry set in a TOML file the author keeps (reader.toml, lexicon.toml, approvals.toml),
keeping every comment, blank line and the order of the entries: tomlkit writes the key and
the value as TOML, never spliced into the text. Imported only by what edits those files."""

from __future__ import annotations


def set_entry(text: str, table: str, key: str, value: str | None) -> tuple[str, str | None]:
    """`text` with `[table] key = value` (the table added when missing; None removes the
    key), and the value it replaced (None when it had none)."""
    import tomlkit

    document = tomlkit.parse(text)
    if table not in document:
        document.add(table, tomlkit.table())
    entries = document[table]
    assert isinstance(entries, dict)
    before = entries.get(key)
    if value is None:
        entries.pop(key, None)
    else:
        entries[key] = value
    return tomlkit.dumps(document), None if before is None else str(before)

"""The incremental state: how far each log was read, the counts so far, and the windows
still open, so a daily run reads only what is new and counts exactly what one run over
every log would.

What it keeps (docs/stats.md): counts by day, article, app, platform and blog host; for
each open 24-hour window its salted hash, start, article, bytes received and curve; the
salts of the last two days of log time (then dropped, with every hash they made); for each
log a hash of its first line and a byte offset. No address, agent or URL a client asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..fsutil import write_text_atomic
from .iab import Tally, Window

FORMAT_VERSION = 1


@dataclass
class State:
    offsets: dict[str, int] = field(default_factory=dict)  # log fingerprint -> bytes read
    tally: Tally = field(default_factory=Tally)
    windows: dict[bytes, Window] = field(default_factory=dict)
    salts: dict[str, bytes] = field(default_factory=dict)  # day -> salt
    site: str = ""  # the site folder it counted for

    @classmethod
    def load(cls, path: Path | None, site: Path) -> State:
        """The state at `path` (a fresh one when there is none yet); UserError naming the
        file when it is unreadable or was made for another site."""
        if path is None or not path.exists():
            return cls(site=str(site.resolve()))
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"version {data.get('version')}")
            state = cls(
                {str(k): int(v) for k, v in data["offsets"].items()},
                Tally.from_dict(data["tally"]),
                {bytes.fromhex(k): Window.from_list(v) for k, v in data["windows"].items()},
                {str(k): bytes.fromhex(v) for k, v in data["salts"].items()},
                str(data["site"]),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise UserError(f"unreadable stats state ({exc}); remove it to count every log "
                            "again", path=path) from None
        if state.site != str(site.resolve()):
            raise UserError(f"this state counts the site {state.site}, not {site}: give "
                            "another --state", path=path)
        return state

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "site": self.site,
            "offsets": self.offsets,
            "salts": {day: salt.hex() for day, salt in sorted(self.salts.items())},
            "windows": {key.hex(): w.to_list() for key, w in self.windows.items()},
            "tally": self.tally.to_dict(),
        }
        try:
            write_text_atomic(path, json.dumps(data, separators=(",", ":")))
        except OSError as exc:
            raise UserError(f"cannot keep the stats state here ({exc.strerror}); give --state "
                            "a writable file, or --fresh", path=path) from None

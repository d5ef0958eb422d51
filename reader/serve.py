"""`reader serve`: preview a built site on 127.0.0.1 with HEAD and byte ranges."""

from __future__ import annotations

from pathlib import Path


def serve_folder(folder: Path, *, port: int = 8000, host: str = "127.0.0.1") -> None:
    raise NotImplementedError

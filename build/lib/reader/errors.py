"""Errors a user can cause. The CLI prints them as one line and exits with status 2."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Bad input, bad config, a missing program, no network: something the user can fix.

    The message names the file or setting and says what to do.
    """

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path is not None else message)


class ArticleError(UserError):
    """An article that cannot be used. The build reports it and goes on with the others."""


class ConfigError(UserError):
    """reader.toml is missing a key or has a bad value. Stops a build before any synthesis."""


class EngineError(UserError):
    """A speech engine cannot run here (not installed, offline, voice missing)."""


class MissingPackage(UserError):
    """A Python package that a part of reader imports is not installed (a partial install,
    or one removed afterwards): one line that says so, never a traceback."""

    def __init__(
        self, exc: ImportError, *, needed_by: str, path: Path | str | None = None
    ) -> None:
        # ImportError messages may span lines (lxml's does); the CLI prints one.
        detail = " ".join(str(exc).split()).rstrip(".")
        super().__init__(
            f"{needed_by} need a Python package that is not installed here ({detail}); "
            "reinstall reader here (pip install read-or-listen, or pip install . in its source)",
            path=path,
        )

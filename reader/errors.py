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

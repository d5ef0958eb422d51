"""A build's progress on stderr: articles done; the build's clips done, how many were
cached, and how many workers are busy (told by the runner, from its threads)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..progress import stderr_progress


class BuildProgress:
    """A reader.run.RunProgress, plus the count of finished articles."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.progress = stderr_progress("{task.fields[note]}", enabled=enabled)
        self.articles = self.progress.add_task("articles", total=total, note="")
        self.clip_task = self.progress.add_task("clips", total=None, note="")
        self._cached = 0
        self._busy = (0, 1)

    def clips(self, done: int, cached: int, total: int) -> None:
        self._cached = cached
        self.progress.update(self.clip_task, completed=done, total=total, note=self._note())

    def workers(self, busy: int, total: int) -> None:
        if (busy, total) != self._busy:
            self._busy = (busy, total)
            self.progress.update(self.clip_task, note=self._note())

    def _note(self) -> str:
        busy, total = self._busy
        return f"{self._cached} cached, {busy}/{total} workers busy"

    def article_done(self) -> None:
        self.progress.advance(self.articles)


@contextmanager
def build_progress(enabled: bool, total: int) -> Iterator[BuildProgress]:
    tracker = BuildProgress(enabled, total)
    with tracker.progress:
        yield tracker

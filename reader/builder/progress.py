"""A build's progress on stderr: articles done; the build's clips done, how many were
cached, and how many workers are busy (told by the runner, from its threads); and the time
left, from the estimate made from this machine's measured speed (reader.builder.estimate)
until enough clips are done to go by the build's own pace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from ..progress import stderr_progress


class BuildProgress:
    """A reader.run.RunProgress, plus the count of finished articles."""

    def __init__(self, enabled: bool, total: int, expected_s: float | None = None) -> None:
        self.progress = stderr_progress("{task.fields[note]}", enabled=enabled)
        self._expected = expected_s
        self._started = perf_counter()
        self._done = (0, 0, 0)  # clips done, cached, in all
        self.articles = self.progress.add_task("articles", total=total, note="")
        self.clip_task = self.progress.add_task("clips", total=None, note="")
        self._cached = 0
        self._busy = (0, 1)

    def clips(self, done: int, cached: int, total: int) -> None:
        self._cached = cached
        self._done = (done, cached, total)
        self.progress.update(self.clip_task, completed=done, total=total, note=self._note())

    def workers(self, busy: int, total: int) -> None:
        if (busy, total) != self._busy:
            self._busy = (busy, total)
            self.progress.update(self.clip_task, note=self._note())

    def _note(self) -> str:
        busy, total = self._busy
        from ..run.estimate import duration_text

        left = self.seconds_left()
        eta = f", about {duration_text(left)} left" if left is not None else ""
        return f"{self._cached} cached, {busy}/{total} workers busy{eta}"

    def seconds_left(self) -> float | None:
        """The estimate less the time gone, scaled by the build's own pace once a tenth of
        its clips are spoken; None with no estimate."""
        return seconds_left(self._expected, perf_counter() - self._started, *self._done)

    def article_done(self) -> None:
        self.progress.advance(self.articles)


# The share of the clips to speak after which the build's own pace replaces the estimate.
OWN_PACE_FROM = 0.1


def seconds_left(
    expected: float | None, elapsed: float, done: int, cached: int, total: int
) -> float | None:
    """Time left: at first the estimate (if the voice has a speed record) less the time
    gone; once OWN_PACE_FROM of the clips to speak are done, the time gone per clip times
    the clips left."""
    to_speak, spoken = total - cached, done - cached
    if to_speak > 0 and spoken >= OWN_PACE_FROM * to_speak and spoken > 0:
        return elapsed / spoken * (to_speak - spoken)
    return None if expected is None else max(0.0, expected - elapsed)


@contextmanager
def build_progress(
    enabled: bool, total: int, expected_s: float | None = None
) -> Iterator[BuildProgress]:
    tracker = BuildProgress(enabled, total, expected_s)
    with tracker.progress:
        yield tracker

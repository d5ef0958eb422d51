"""In this process: each episode's missing clips are spoken as assembly reaches them.

The serial build, and what a build with little to speak uses (starting worker processes
costs more than it saves). One synthesis at a time, using every core (onnxruntime's
intra-op threads); the encoder runs beside it in ffmpeg's process.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from ..errors import UserError
from ..speech.plan import ClipJob, SpeakInOrder, SpeechCounts, clips_in_order
from .base import ClipTally, EpisodeJob, Made, QuietProgress, Runner, write_job


class InlineRunner(Runner):
    name: ClassVar[str] = "inline"

    def make_episodes(self, jobs: Sequence[EpisodeJob]) -> Iterator[Made]:
        tally = ClipTally(self.progress if self.piece_progress is None else QuietProgress(), jobs)
        self.progress.workers(0, 1)
        for job in jobs:
            counts = SpeechCounts()
            speaker = SpeakInOrder(job.plan, self.cache, counts=counts,
                                   progress=self.piece_progress)

            def ready(clip: ClipJob, speaker: SpeakInOrder = speaker) -> None:
                before = speaker.counts.synthesized
                self.progress.workers(1, 1)
                speaker(clip)
                if speaker.counts.synthesized > before:
                    tally.add(spoken=True)

            try:
                episode = write_job(job, clips_in_order(job.plan, self.cache, ready), self.cache)
            except UserError as exc:
                yield Made(job, None, exc, counts.synthesized)
                continue
            finally:
                self.progress.workers(0, 1)
            yield Made(job, episode, None, counts.synthesized)

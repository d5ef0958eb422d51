"""The value the speech stage hands on: one clip of synthesised audio.

Kept apart from the engines so that the stages after speech (episode assembly, the runners'
transport) can name a clip without importing the engine registry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Clip:
    """Mono 16-bit PCM audio at `sample_rate` Hz."""

    samples: npt.NDArray[np.int16]
    sample_rate: int

    @property
    def duration_ms(self) -> float:
        return len(self.samples) * 1000.0 / self.sample_rate

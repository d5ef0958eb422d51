"""Makes every Kokoro and Piper inference cost what it costs on a slower CPU, so that a
command (`make test`, `make demo`, a build) can be timed as it would run there.

Python imports this file at start-up when its folder is on PYTHONPATH
(scripts/as-on-a-slower-cpu puts it there; every subprocess inherits it). It wraps
onnxruntime.InferenceSession.run: after each inference it keeps the thread busy until the
inference has cost the target, in seconds per second of audio made:

- with one thread, CPU seconds (the cost on a busy machine, as in the test workers);
- with more threads, seconds of wall time (as an idle machine's two threads speak).

The defaults are the figures measured on a 2-core AMD EPYC with AVX2 and no AVX-512
(issue 29): Kokoro 2.03 s with one thread, 1.2 with two; Piper 0.2 and 0.12. Another CPU's
figures go in READER_SLOWER_KOKORO and READER_SLOWER_PIPER as "ONE_THREAD,MORE_THREADS".
An inference that already costs more than the target is left alone.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import time
from types import ModuleType
from typing import Any


def _targets(variable: str, default: str) -> tuple[float, float]:
    one, more = os.environ.get(variable, default).split(",")
    return float(one), float(more)


KOKORO = _targets("READER_SLOWER_KOKORO", "2.03,1.2")
PIPER = _targets("READER_SLOWER_PIPER", "0.2,0.12")
KOKORO_RATE = 24000  # samples a second of audio, by model
PIPER_RATE = 22050


def _audio_seconds(outputs: Any, rate: int) -> float:
    first = outputs[0] if isinstance(outputs, (list, tuple)) and outputs else outputs
    return float(getattr(first, "size", 0)) / rate


def _spin_until(end: float) -> None:
    """Keep this thread busy until its CPU clock reads `end`."""
    total = 0
    while time.thread_time() < end:
        for step in range(20_000):  # reading a CPU clock is a system call: not every turn
            total += step


def _patch(onnxruntime: ModuleType) -> None:
    session_class = onnxruntime.InferenceSession
    original_init, original_run = session_class.__init__, session_class.run

    def init(self: Any, model: Any, *args: Any, **kwargs: Any) -> None:
        # Kokoro's joined model is kokoro-v1.0.int8.onnx; every other model is a Piper voice.
        kokoro = "kokoro" in str(model).lower()
        self._slower = (KOKORO, KOKORO_RATE) if kokoro else (PIPER, PIPER_RATE)
        original_init(self, model, *args, **kwargs)

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        (one_thread, more_threads), rate = self._slower
        single = self.get_session_options().intra_op_num_threads == 1
        clock = time.thread_time if single else time.perf_counter
        started = clock()
        outputs = original_run(self, *args, **kwargs)
        target = (one_thread if single else more_threads) * _audio_seconds(outputs, rate)
        _spin_until(time.thread_time() + target - (clock() - started))
        return outputs

    session_class.__init__ = init
    session_class.run = run


class _PatchOnImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds onnxruntime as usual, and patches it once it has been executed."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "onnxruntime":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            self._real = spec.loader
            spec.loader = self
        return spec

    def create_module(self, spec: Any) -> Any:
        return self._real.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._real.exec_module(module)
        _patch(module)


sys.meta_path.insert(0, _PatchOnImport())

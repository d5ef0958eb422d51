"""Finding and running ffmpeg.

The system's ffmpeg when one is on PATH, else the static binary inside the imageio-ffmpeg
wheel, so `pip install` is enough. That binary ships without ffprobe, so nothing here uses
ffprobe: durations come from our own sample counts or from mutagen.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import EngineError


@functools.cache
def ffmpeg_exe() -> str:
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise EngineError(
            "ffmpeg not found: install ffmpeg or `pip install imageio-ffmpeg`"
        ) from exc


class FfmpegFailed(EngineError):
    """ffmpeg exited with an error; the message carries the end of its log."""


# Causes worth naming even when ffmpeg buried them above its last lines.
_ROOT_CAUSES = re.compile(r"No space left on device|Read-only file system|Permission denied")


def run_ffmpeg(
    args: Sequence[str | Path], *, stdin: bytes | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg quietly with `args` (list arguments, never a shell)."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-nostdin", "-y", *map(str, args)]
    if stdin is not None:
        command.remove("-nostdin")
    result = subprocess.run(  # noqa: S603 - fixed program, list arguments
        command, input=stdin, capture_output=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise FfmpegFailed(failure(result.returncode, result.stderr.decode("utf-8", "replace")))
    return result


def failure(code: int, log_text: str) -> str:
    """One line for a failed ffmpeg run: the root cause when its log names one, then the
    log's last lines."""
    tail = log_text.strip().splitlines()[-3:]
    cause = _ROOT_CAUSES.search(log_text)
    if cause:
        tail.insert(0, cause.group(0))
    return f"ffmpeg failed ({code}): {' | '.join(tail)}"


def last_json_object(log: str) -> dict[str, Any]:
    """The last {...} block in an ffmpeg log (loudnorm prints its measurements that way)."""
    start = log.rfind("{")
    end = log.rfind("}")
    if start < 0 or end < start:
        raise FfmpegFailed("ffmpeg printed no JSON measurement")
    data = json.loads(log[start : end + 1])
    if not isinstance(data, dict):
        raise FfmpegFailed("ffmpeg printed unexpected JSON")
    return data

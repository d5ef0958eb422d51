"""Loudness as podcast checkers measure it: ffmpeg's ebur128 filter (EBU R 128 / ITU-R
BS.1770), integrated loudness, true (or sample) peak, loudness range, gating threshold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .ffmpeg import FfmpegFailed, run_ffmpeg


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float
    lra: float = 0.0
    threshold: float = -70.0



_NUMBER = r"(-?[\d.]+|-inf)"
# ebur128 logs ten lines per second of audio (8 MB for a 2.4-hour episode, all read back
# into memory) unless its frame log goes to the verbose level; the summary is unaffected.
EBUR128 = "ebur128=framelog=verbose"


def measure(path: Path, *, peak: str = "true") -> Loudness:
    """ffmpeg's ebur128 summary of a file. peak="true" (oversampled, what checkers report),
    "sample" or "none"; the true peak costs about three times the rest."""
    filter_ = f"{EBUR128}:peak={peak}" if peak != "none" else EBUR128
    result = run_ffmpeg(["-i", path, "-af", filter_, "-f", "null", "-"])
    return ebur128_summary(result.stderr.decode("utf-8", "replace"), path)


def ebur128_summary(log_text: str, source: Path) -> Loudness:
    """The Summary block that ffmpeg's ebur128 filter prints at the end of its log."""
    summary = log_text[log_text.rfind("Summary:") :]

    def value(pattern: str, default: float) -> float:
        match = re.search(pattern, summary, re.S)
        return float(match.group(1)) if match else default

    integrated = value(rf"Integrated loudness:\s+I:\s+{_NUMBER} LUFS", float("nan"))
    if integrated != integrated:  # NaN: no summary
        raise FfmpegFailed(f"no ebur128 summary for {source}")
    return Loudness(
        integrated_lufs=integrated,
        true_peak_dbtp=value(rf"(?:True|Sample) peak:\s+Peak:\s+{_NUMBER} dBFS", -70.0),
        lra=value(rf"Loudness range:\s+LRA:\s+{_NUMBER} LU", 0.0),
        threshold=value(rf"Integrated loudness:.*?Threshold:\s+{_NUMBER} LUFS", -70.0),
    )

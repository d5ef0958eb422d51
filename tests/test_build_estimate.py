"""`reader build --dry-run [--json]`: what a build would speak and how long it would take,
before any work, and the long-build warning and ETA of a real build (reader.builder.estimate,
reader.builder.progress). The tones engine stands in where the voice is not the point; one
test measures Piper. How close the estimate comes to a real build's wall time is measured
by hand and in benchmarks, not here (no timing in tests)."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import pytest

from reader.builder import build_site
from reader.builder.estimate import Forecast, warn_if_long
from reader.builder.progress import seconds_left
from reader.run.estimate import Estimate, Setting
from reader.run.speed import SPEED_FILE, SpeedBook, VoiceSpeed
from reader.speech.plan import EngineSpec

from .conftest import run_reader, write_article, write_config

FIRST = """\
    Opening words about quiet reading.

    Listening frees the eyes. It also frees the hands.
"""
SECOND = """\
    A second short article.

    Ideas arrive on walks.
"""


# Piper as this machine measured it (about 8 times real time, 0.35 s of audio a word), so
# that the tones sites' alternative "with piper" is read from the record, not spoken.
PIPER = VoiceSpeed(rtf=0.12, per_word=0.35, load_s=1.0)


def site(tmp_path: Path, engine: str = "tones") -> dict[str, Path]:
    articles = tmp_path / "articles"
    write_article(articles, "2026-01-05-first.md", FIRST, title="First Post")
    write_article(articles, "2026-02-07-second.md", SECOND, title="Second Post")
    if engine == "tones":
        SpeedBook(tmp_path / "cache").put(EngineSpec("piper", None, "en"), PIPER)
    return {"articles": articles, "output": tmp_path / "output",
            "config": write_config(tmp_path, engine=engine), "cache": tmp_path / "cache"}


def reader(paths: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return run_reader(
        "build", paths["articles"], "-o", paths["output"], "--config", paths["config"], *args
    )


def dry_json(paths: dict[str, Path], *args: str) -> dict[str, object]:
    done = reader(paths, "--dry-run", "--json", *args)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def clips(cache: Path) -> list[Path]:
    return sorted((cache / "clips").glob("*/*.wav"))


def test_a_dry_run_names_the_articles_and_speaks_nothing(tmp_path: Path) -> None:
    paths = site(tmp_path)
    found = dry_json(paths, "--jobs", "1")
    assert found["articles"] == ["2026-01-05-first.md", "2026-02-07-second.md"]
    assert found["engine"] == "tones"
    assert found["setting"] == "--jobs 1"
    assert isinstance(found["seconds"], float) and found["seconds"] > 0
    # Nothing built, nothing spoken into the clip cache; the voice's speed is recorded.
    assert not paths["output"].exists()
    assert clips(paths["cache"]) == []
    recorded = json.loads((paths["cache"] / SPEED_FILE).read_text(encoding="utf-8"))
    assert sorted(key.split("|")[0] for key in recorded["voices"]) == ["piper", "tones"]
    alternatives = {(a["engine"], a["setting"]) for a in found["alternatives"]}  # type: ignore[union-attr,index]
    assert ("piper", "--jobs 1") in alternatives
    piper = next(a for a in found["alternatives"] if a["engine"] == "piper")  # type: ignore[union-attr,index]
    # The start-up this process measured, 1 s to load, its audio at 0.12 s a second to
    # speak, and 0.02 s a second to encode the second of the two episodes (the first is
    # encoded while the voice speaks the second): half the audio. The figures are rounded
    # to tenths.
    assert piper["seconds"] == pytest.approx(
        found["startup_seconds"] + 1 + piper["audio_seconds"] * (0.12 + 0.02 / 2), abs=0.15)
    assert ("tones", "--cluster with 4 workers like this machine") in alternatives


def test_the_minutes_of_audio_are_what_the_build_then_speaks(tmp_path: Path) -> None:
    paths = site(tmp_path)
    expected = dry_json(paths)["audio_seconds"]
    build_site(paths["articles"], paths["output"], paths["config"], show_progress=False)
    spoken = 0.0
    for path in clips(paths["cache"]):
        with wave.open(str(path), "rb") as clip:
            spoken += clip.getnframes() / clip.getframerate()
    assert expected == pytest.approx(spoken, rel=0.3)


def test_an_incremental_build_counts_only_what_is_not_cached(tmp_path: Path) -> None:
    paths = site(tmp_path)
    build_site(paths["articles"], paths["output"], paths["config"], show_progress=False)
    nothing = dry_json(paths)
    assert (nothing["articles"], nothing["clips"], nothing["audio_seconds"]) == ([], 0, 0)
    assert (nothing["engine"], nothing["alternatives"]) == ("tones", [])
    said = reader(paths, "--dry-run").stdout.splitlines()
    assert len(said) == 1 and said[0].startswith("would speak nothing: every sentence")
    write_article(paths["articles"], "2026-02-07-second.md",
                  SECOND.replace("Ideas arrive on walks.", "Ideas arrive on long walks."),
                  title="Second Post")
    one = dry_json(paths)
    assert (one["articles"], one["clips"]) == (["2026-02-07-second.md"], 1)


def test_the_text_form_says_it_in_lines(tmp_path: Path) -> None:
    done = reader(site(tmp_path), "--dry-run", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("would speak 2 articles (")
    assert "with tones, --jobs 2 on " in lines[1]
    assert any(line.startswith("  or ") and "with piper" in line for line in lines[2:])


def test_json_without_dry_run_is_one_line_and_status_2(tmp_path: Path) -> None:
    done = reader(site(tmp_path), "--json")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["error: --json goes with --dry-run"]


def test_a_build_longer_than_an_hour_says_so_at_its_start(tmp_path: Path) -> None:
    paths = site(tmp_path)
    # This machine, as recorded, speaks tones 20,000 times slower than real time.
    SpeedBook(paths["cache"]).put(EngineSpec("tones", None, "en"),
                                  VoiceSpeed(rtf=20000.0, per_word=0.4, load_s=0.0))
    lines: list[str] = []
    build_site(paths["articles"], paths["output"], paths["config"], show_progress=False,
               report=lines.append, jobs=1)
    assert lines[0].startswith("note: this build will take about ")
    assert "--dry-run" in lines[0]
    assert lines[-1].startswith("built 2,")


def test_the_warning_offers_the_faster_ways() -> None:
    def one(engine: str, setting: Setting, seconds: float) -> Estimate:
        return Estimate(engine, setting, 3000.0, seconds, seconds, 0.0)

    found = Forecast(("a.md",), 40, one("kokoro", Setting("pool", 2), 7200.0),
                     (one("kokoro", Setting("inline"), 8000.0),
                      one("piper", Setting("pool", 2), 900.0)))
    lines: list[str] = []
    warn_if_long(found, lines.append)
    (line,) = lines
    assert "about 2 h 00 min (50 min of audio with kokoro, --jobs 2)" in line
    assert "faster: piper --jobs 2: about 15 min" in line
    assert "--jobs 1" not in line  # slower is not a way to go faster
    quiet: list[str] = []
    warn_if_long(Forecast((), 0, one("kokoro", Setting("inline"), 3500.0), ()), quiet.append)
    assert quiet == []


def test_the_eta_starts_from_the_estimate_then_follows_the_builds_pace() -> None:
    assert seconds_left(None, 5.0, 0, 0, 10) is None
    assert seconds_left(100.0, 30.0, 0, 0, 100) == 70.0  # no clip yet: estimate less time gone
    assert seconds_left(100.0, 130.0, 5, 0, 100) == 0.0
    # 20 of 100 clips to speak in 40 s: 2 s a clip, 80 left.
    assert seconds_left(100.0, 40.0, 30, 10, 110) == pytest.approx(160.0)
    assert seconds_left(None, 40.0, 30, 10, 110) == pytest.approx(160.0)  # no record yet


def test_piper_is_measured_once_and_then_read_from_the_record(tmp_path: Path) -> None:
    paths = site(tmp_path, engine="piper")
    first = dry_json(paths, "--jobs", "1")
    assert first["engine"] == "piper"
    assert first["articles"] == ["2026-01-05-first.md", "2026-02-07-second.md"]
    # 19 words at Piper's pace (about 150 words a minute): 5 to 12 seconds of audio.
    assert 5 < float(first["audio_seconds"]) < 12  # type: ignore[arg-type]
    recorded = (paths["cache"] / SPEED_FILE).read_text(encoding="utf-8")
    assert clips(paths["cache"]) == []
    again = dry_json(paths, "--jobs", "1")
    assert again["audio_seconds"] == first["audio_seconds"]  # the same record, not measured
    assert (paths["cache"] / SPEED_FILE).read_text(encoding="utf-8") == recorded

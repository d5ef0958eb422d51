"""Benchmark 5: the site stage for 5,000 episodes (feed, pages, cover, then `reader check`).

In-process: reader.site.write_site then reader.site.check.check_site, into a fresh output
folder per run. The episodes are synthetic records pointing at real files: one 1-second
MP3 made by ffmpeg (44.1 kHz mono 64 kb/s CBR, like the pipeline's) with its transcript,
WebVTT and JSON chapters, hard-linked 5,000 times as episodes/<slug>.*; setting the folder
up is not timed (and is flushed to disk before the clock starts, so the site's own flush
does not pay for it).

Creating files on a given disk is most of the cost, so the figure is a ratio: write_site +
check_site against plain file creation of the same files (the same folders, names and
sizes, written with `Path.write_bytes`, then one `os.sync()` as write_site does), measured
in the same run on the same disk. A shared disk's pace changes from one moment to the next
(one run here timed the plain creation at 0.66 s, the next at 1.85 s and 3.15 s), so the
baselines alternate with the site runs (plain, site, plain, site, ..., plain) and each site
run is divided by the mean of the baselines just before and just after it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from reader.models import Chapter, EpisodeRecord

from .common import Figure, Stopwatch, log, workspace, write_config

if TYPE_CHECKING:
    from reader.config import Config

EPISODES = 5000
# Beyond creating its files, write_site renders 5,000 pages (Jinja, nh3) and the embed's
# data, writes through temporaries renamed into place, and check_site reads the whole site
# back: measured at 2.8-4.0 times plain creation on a 2-core AMD EPYC. Five times leaves
# room for that work and still fails a site stage that creates files the slow way (an
# fsync per file: about 3 ms each by reader/fsutil.py's measurement, 30 s for these 10,000).
LIMIT = 5.0


def _template(folder: Path) -> dict[str, Path]:
    """One episode's files: MP3, .vtt, .chapters.json, .txt, .sync.json (the read-along)."""
    from reader.audio.ffmpeg import run_ffmpeg

    folder.mkdir(parents=True, exist_ok=True)
    mp3 = folder / "template.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=220:duration=1", "-ar", "44100",
                "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", mp3])
    vtt = folder / "template.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA short episode.\n",
                   encoding="utf-8")
    chapters = folder / "template.chapters.json"
    chapters.write_text(json.dumps({"version": "1.2.0", "chapters": [
        {"startTime": 0, "title": "Introduction"}]}), encoding="utf-8")
    txt = folder / "template.txt"
    txt.write_text("A short episode.\n", encoding="utf-8")
    sync = folder / "template.sync.json"
    sync.write_text('{"version":1,"cues":[["s1",0,1]]}\n', encoding="utf-8")
    return {".mp3": mp3, ".vtt": vtt, ".chapters.json": chapters, ".txt": txt,
            ".sync.json": sync}


def _records(count: int, mp3: Path) -> list[EpisodeRecord]:
    from reader.audio.formats import DEFAULT_FORMAT

    size, duration = mp3.stat().st_size, DEFAULT_FORMAT.duration_ms(mp3)
    first = dt.date(2010, 1, 1)
    records = [
        EpisodeRecord(
            slug=f"episode-{i:05d}",
            title=f"Episode {i}: notes from the long table",
            date=(first + dt.timedelta(days=i)).isoformat(),
            description=f"Episode {i} of the benchmark podcast, about quiet rooms.",
            author="Bench Author",
            lang="en",
            explicit=False,
            audio_file=f"episodes/episode-{i:05d}.mp3",
            size_bytes=size,
            duration_ms=duration,
            chapters=(Chapter("Introduction", 0, duration),),
            body_html=f'<p><span class="rl" id="s1" data-s="s1">Episode {i}.</span> '
            '<span class="rl" id="s2" data-s="s2">A short episode about reading in public.'
            "</span></p>",
            transcript="A short episode.",
        )
        for i in range(count)
    ]
    # The build hands the site stage its records newest first.
    return sorted(records, key=lambda r: (r.date, r.slug), reverse=True)


def _episode_files(output: Path, template: dict[str, Path], count: int) -> None:
    episodes = output / "episodes"
    episodes.mkdir(parents=True)
    for i in range(count):
        for suffix, source in template.items():
            target = episodes / f"episode-{i:05d}{suffix}"
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)


def _site_files(output: Path) -> dict[Path, int]:
    """What write_site wrote: every file but the episodes' own, by path relative to
    `output`, with its size."""
    episodes = output / "episodes"
    return {
        path.relative_to(output): path.stat().st_size
        for path in output.rglob("*")
        if path.is_file() and episodes not in path.parents
    }


def _removed(folder: Path) -> None:
    """`folder` removed and the removal flushed, so the next timing does not pay for it."""
    shutil.rmtree(folder)
    os.sync()


def _site_file_sizes(folder: Path, template: dict[str, Path], config: Config,
                     records: list[EpisodeRecord]) -> dict[Path, int]:
    """The site's files and sizes, from a site written once untimed: the baselines need
    them before the first timed run (the same for every run: the same records)."""
    from reader.site import write_site

    _episode_files(folder, template, EPISODES)
    write_site(folder, config, records)
    files = _site_files(folder)
    _removed(folder)
    return files


def _timed_plain_creation(folder: Path, files: dict[Path, int]) -> float:
    """`_plain_creation` into a fresh folder, removed again untimed."""
    plain = folder / "plain"
    seconds = _plain_creation(plain, files)
    _removed(plain)
    return seconds


def _plain_creation(target: Path, files: dict[Path, int]) -> float:
    """Seconds to create `files` (relative path -> size) under `target` the plainest way:
    each folder made once, each file written once, one os.sync() at the end."""
    payload = {size: b"x" * size for size in set(files.values())}
    with Stopwatch() as clock:
        for folder in sorted({(target / path).parent for path in files}):
            folder.mkdir(parents=True, exist_ok=True)
        for path, size in files.items():
            (target / path).write_bytes(payload[size])
        os.sync()
    return clock.seconds


def run(runs: int = 3) -> list[Figure]:
    from reader.config import load_config
    from reader.site import write_site
    from reader.site.check import check_site

    with workspace("site") as folder:
        config = load_config(write_config(folder, folder / "cache"))
        template = _template(folder / "template")
        records = _records(EPISODES, template[".mp3"])
        files = _site_file_sizes(folder / "sizes", template, config, records)
        baselines = [_timed_plain_creation(folder, files)]
        writes: list[float] = []
        checks: list[float] = []
        totals: list[float] = []
        ratios: list[float] = []
        problems: list[int] = []
        for run_index in range(runs):
            output = folder / f"output-{run_index}"
            _episode_files(output, template, EPISODES)
            os.sync()  # the set-up's 25,000 links are not the site's to flush
            with Stopwatch() as write:
                write_site(output, config, records)
            with Stopwatch() as check:
                found = check_site(output)
            writes.append(write.seconds)
            checks.append(check.seconds)
            totals.append(write.seconds + check.seconds)
            problems.append(len(found))
            if found:
                log(f"  site check found {len(found)} problems, e.g. {found[0]}")
            _removed(output)
            baselines.append(_timed_plain_creation(folder, files))
            ratios.append(totals[-1] / ((baselines[-2] + baselines[-1]) / 2))
            log(f"  site run {run_index + 1}: write {write.seconds:.2f} s, "
                f"check {check.seconds:.2f} s; plain creation of the same {len(files):,} "
                f"files {baselines[-2]:.2f} s before, {baselines[-1]:.2f} s after; ratio "
                f"{ratios[-1]:.2f} (load average {os.getloadavg()[0]:.1f})")
    return [
        Figure(
            key="site_5000",
            title=f"5. Site stage for {EPISODES:,} episodes: write_site + check_site / "
            "plain creation of the same files",
            unit="ratio",
            runs=ratios,
            limit=LIMIT,
            how="in-process, fresh output folder per run; synthetic records, real 1-s MP3s; "
            "baseline: the same files (folders, names, sizes) written plainly, same disk, "
            "before and after each run (its mean)",
            detail={"seconds": totals, "write_site_s": writes, "check_site_s": checks,
                    "plain_creation_s": baselines, "problems": problems,
                    "load_average": os.getloadavg()[0]},
        )
    ]

"""Benchmark 11: `reader stats` over a 10-million-line access log, against a plain parse.

In-process. A combined-format log of 10,000,000 lines is generated once (not timed): 30
days of requests from 50,000 addresses and 24 user agents (podcast apps, browsers, bots)
for a site of 200 articles: episodes fetched whole, in ranges and by HEAD; pages; embed
data; the feed and other files. The baseline is a plain parse of the same file in the same
run: every line read, decoded and split into its fields by the same regular expression
(reader.stats.formats.combined.LINE), nothing else. `reader stats` (reader.stats.collect,
no state kept) then does all its work: parse, match to the site, classify the agent,
count by the IAB rules. The figure is its CPU time over the plain parse's (lower is
better); the detail has both in lines per CPU second, wall times and the peak memory.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import resource
from pathlib import Path

from .common import CpuWatch, Figure, Stopwatch, log, workspace

LINES = 10_000_000
ARTICLES = 200
ADDRESSES = 50_000
DAYS = 30
EPISODE_BYTES = 14_400_000  # 30 minutes at 64 kb/s
AGENTS = (
    "de.danoeh.antennapod/3.4.0 (Linux;Android 14) ExoPlayerLib/2.19.1",
    "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)",
    "Podcasts/1650.20 CFNetwork/1408.0.4 Darwin/22.5.0",
    "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4_1 like Mac OS X; en_us)",
    "PocketCasts/1.0 (Pocket Casts - Android, v7.60)",
    "Spotify/8.9.36 Android/34 (SM-S918B)",
    "CastBox/9.16.1-230615135 (Linux;Android 13) ExoPlayerLib/2.10.4",
    "Podcast Addict/v5 - Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A)",
    "gPodder/3.11.4 (+http://gpodder.org/) Linux",
    "Castro 2023.10/1152 Like iTunes",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Mobile Safari/537.36",
    "VLC/3.0.18 LibVLC/3.0.18",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Python-urllib/3.11",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "-",
    "Podbean/Android App 9.9.9 (http://podbean.com)",
)


def _site(folder: Path) -> Path:
    """A built site's manifest and feed for 200 articles (the audio files need not exist:
    their ID3 size is then taken as 0)."""
    from reader.builder.manifest import Entry, Manifest
    from reader.models import EpisodeRecord

    output = folder / "output"
    output.mkdir()
    manifest = Manifest()
    for i in range(ARTICLES):
        slug = f"article-{i:03d}"
        record = EpisodeRecord(slug=slug, title=f"Article {i}", date="2026-01-01",
                               description="", author=None, lang=None, explicit=None,
                               audio_file=f"episodes/{slug}-{i:08x}.mp3",
                               size_bytes=EPISODE_BYTES, duration_ms=1_800_000, chapters=())
        manifest.entries[slug] = Entry(f"{slug}.md", "", "", slug, record)
    manifest.save(output)
    (output / "feed.xml").write_text(
        '<rss version="2.0"><channel><link>https://example.com/listen/</link></channel></rss>',
        encoding="utf-8")
    return output


def _generate(path: Path, lines: int) -> None:
    """The log, oldest line first, from a fixed seed."""
    rng = random.Random(11)
    start = dt.datetime(2026, 2, 1, tzinfo=dt.UTC).timestamp()
    step = DAYS * 86400 / lines
    addresses = [f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}."
                 f"{rng.randrange(1, 255)}" for _ in range(ADDRESSES)]
    targets = []
    for i in range(ARTICLES):
        slug = f"article-{i:03d}"
        audio = f"/listen/episodes/{slug}-{i:08x}.mp3"
        targets += [("GET", audio, 200, EPISODE_BYTES)] * 6
        targets += [("GET", audio, 206, 2_000_000), ("GET", audio, 206, 65_536),
                    ("HEAD", audio, 200, 0)]
        targets += [("GET", f"/listen/{slug}/", 200, 18_000)] * 3
        targets += [("GET", f"/listen/{slug}/episode.js", 200, 2_400)]
    targets += [("GET", "/listen/feed.xml", 200, 180_000)] * (ARTICLES * 2)
    targets += [("GET", "/listen/read-along.js", 200, 24_000)] * ARTICLES
    targets += [("GET", "/blog/some-post/", 200, 30_000)] * ARTICLES
    quoted = [f'"{agent}"' for agent in AGENTS]
    referers = ['"-"', '"https://blog.example.org/2026/a-post/"', '"https://example.com/listen/"']
    with path.open("w", encoding="ascii", buffering=1 << 20) as out:
        moment, stamp = -1, ""
        for n in range(lines):
            second = int(start + n * step)
            if second != moment:
                moment = second
                stamp = dt.datetime.fromtimestamp(second, dt.UTC).strftime(
                    "%d/%b/%Y:%H:%M:%S +0000")
            method, target, status, size = rng.choice(targets)
            out.write(f'{rng.choice(addresses)} - - [{stamp}] "{method} {target} HTTP/1.1" '
                      f"{status} {size} {rng.choice(referers)} {rng.choice(quoted)}\n")


def _plain_parse(path: Path) -> int:
    from reader.stats.formats.combined import LINE

    match, read = LINE.match, 0
    with path.open("rb") as stream:
        for raw in stream:
            fields = match(raw.decode("utf-8", "replace"))
            read += fields is not None
    return read


def run(runs: int = 3, lines: int = LINES) -> list[Figure]:
    from reader.stats import collect

    ratios, plain_rates, stats_rates = [], [], []
    walls: list[tuple[float, float]] = []
    downloads = 0
    with workspace("stats") as folder:
        site = _site(folder)
        log_path = folder / "access.log"
        with Stopwatch() as generate:
            _generate(log_path, lines)
        log(f"  stats: generated {lines:,} lines ({log_path.stat().st_size / 1e9:.2f} GB) "
            f"in {generate.seconds:.0f} s")
        for index in range(runs):
            with Stopwatch() as plain, CpuWatch() as plain_cpu:
                parsed = _plain_parse(log_path)
            with Stopwatch() as counted, CpuWatch() as counted_cpu:
                report = collect([log_path], site)
            assert parsed == lines == report.logs[0].lines, (parsed, report.logs[0].lines)
            downloads = sum(e.downloads for e in report.episodes)
            # CPU seconds: on a shared machine they move far less with the load than wall time.
            ratios.append(counted_cpu.seconds / plain_cpu.seconds)
            plain_rates.append(lines / plain_cpu.seconds)
            stats_rates.append(lines / counted_cpu.seconds)
            walls.append((plain.seconds, counted.seconds))
            log(f"  stats run {index + 1}: plain parse {plain_cpu.seconds:.1f} s CPU "
                f"({plain_rates[-1]:,.0f} lines/s), reader stats {counted_cpu.seconds:.1f} s "
                f"CPU ({stats_rates[-1]:,.0f} lines/s), ratio {ratios[-1]:.2f}; wall "
                f"{plain.seconds:.1f} s and {counted.seconds:.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        Figure(
            key="stats_10m_lines",
            title=f"11. reader stats over a {lines / 1e6:.0f}-million-line access log / a "
            "plain parse of it (time ratio)",
            unit="x",
            runs=ratios,
            target=2.0,
            limit=3.0,
            how="in-process, CPU seconds; baseline: the same file read and split by the same "
            "regex",
            detail={"plain_lines_per_cpu_s": plain_rates, "stats_lines_per_cpu_s": stats_rates,
                    "wall_s_plain_and_stats": walls,
                    "downloads_counted": downloads, "peak_rss_mb": round(peak),
                    "lines": lines},
        )
    ]


if __name__ == "__main__":  # a quick look: python -m benchmarks.stats_logs [LINES]
    import sys

    figures = run(1, int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    print(json.dumps([f.to_json() for f in figures], indent=1))

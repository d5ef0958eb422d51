"""Benchmarks 2 and 3: a rebuild with nothing changed, and after a one-sentence edit.

Per run, in a fresh folder with a fresh clip cache (`--quick`: one folder, three rounds):
  full build of 20 generated articles of ~100 words (in-process, reader.builder.build_site);
  no-change rebuild, in-process and as a subprocess (`python -m reader build`: startup too);
  one sentence of one article edited, rebuilt in-process; then a second edit rebuilt as a
  subprocess. The edit's baseline is measured in the same run: that one sentence through
  PiperVoice directly (voice already loaded, as it is in-process) plus the encode of that
  episode (reader.episode.encode.encode_in_two_passes on a WAV of the episode's length).

200 articles: building 200 episodes for real would take minutes of synthesis, so one tiny
article is built for real and its manifest entry and episode files are cloned 200 times
(each clone with its own article file, content hash, slug and page); one real build then
writes the site and the manifest, and the no-change rebuilds after it are measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import (
    CpuWatch,
    Figure,
    Stopwatch,
    load_raw_voice,
    log,
    raw_piper_seconds,
    workspace,
    write_config,
)
from .generator import GeneratedArticle, generate_article, replace_sentence, write_articles

if TYPE_CHECKING:
    from reader.builder import BuildSummary

ARTICLES = 20
WORDS = 100  # short, so three cold builds of 20 fit the time budget
MANY = 200
EDITED = 7  # which of the 20 articles is edited


_LAST_CPU = [0.0]  # CPU seconds of the last _build or _build_subprocess


def _build(articles: Path, output: Path, config: Path) -> tuple[float, BuildSummary]:
    from reader.builder import build_site

    with Stopwatch() as watch, CpuWatch() as cpu:
        summary = build_site(articles, output, config, show_progress=False, report=lambda _: None)
    if summary.failed:
        raise RuntimeError(f"benchmark build failed: {summary.failed}")
    _LAST_CPU[0] = cpu.seconds
    return watch.seconds, summary


def _build_subprocess(articles: Path, output: Path, config: Path) -> float:
    command = [sys.executable, "-m", "reader", "build", str(articles), "-o", str(output),
               "--config", str(config)]
    with Stopwatch() as watch, CpuWatch() as cpu:
        subprocess.run(command, check=True, capture_output=True, cwd=config.parent)  # noqa: S603
    _LAST_CPU[0] = cpu.seconds
    return watch.seconds


def _encode_seconds(episode_mp3: Path, folder: Path) -> float:
    """The encode of one episode, alone: encode_in_two_passes on a WAV as long as the episode,
    at the rate the pipeline assembles at (Piper's 22,050 Hz)."""
    from reader.audio.ffmpeg import run_ffmpeg
    from reader.episode.encode import encode_in_two_passes

    wav = folder / "encode-baseline.wav"
    run_ffmpeg(["-i", episode_mp3, "-ac", "1", "-ar", "22050", "-c:a", "pcm_s16le", wav])
    with Stopwatch() as watch:
        encode_in_two_passes(wav, folder / "encode-baseline.mp3", bitrate="64k", target_lufs=-16.0,
                       target_tp=-1.0)
    return watch.seconds


def _edit(article: GeneratedArticle, folder: Path, seed: int) -> tuple[GeneratedArticle, str]:
    """Change one sentence in the middle of `article`; returns the new article and sentence."""
    index = len(article.sentences) // 2
    edited = replace_sentence(article, index, seed)
    edited.write(folder)
    return edited, edited.sentences[index]


def _published_audio(output: Path, slug: str) -> Path:
    """The episode file the build published for `slug` (named by its content)."""
    from reader.builder.manifest import Manifest

    (record,) = [r for r in Manifest.load(output).records() if r.slug == slug]
    return output / record.audio_file


def _site_runs(site: int, edits: int, voice: Any) -> list[dict[str, float]]:
    """One cold full build, then `edits` rounds of: no-change rebuild (in-process, then as a
    subprocess), an edit rebuilt in-process, another edit rebuilt as a subprocess."""
    with workspace(f"rebuild-{site}") as folder:
        articles_dir, output = folder / "articles", folder / "output"
        config = write_config(folder, folder / "cache")
        articles = write_articles(articles_dir, ARTICLES, words=WORDS, first_seed=100 + site * 50)
        full, _ = _build(articles_dir, output, config)
        full_cpu = _LAST_CPU[0]
        results = []
        for round_ in range(edits):
            unchanged, summary = _build(articles_dir, output, config)
            assert not summary.built, summary
            unchanged_sub = _build_subprocess(articles_dir, output, config)
            unchanged_sub_cpu = _LAST_CPU[0]

            index = (EDITED + round_) % ARTICLES  # a different article each round
            target = articles[index]
            edited, sentence = _edit(target, articles_dir, seed=site * 100 + round_)
            edit, summary = _build(articles_dir, output, config)
            sentence_raw = raw_piper_seconds([sentence], voice)
            encode = _encode_seconds(_published_audio(output, target.slug), folder)
            articles[index], sentence2 = _edit(edited, articles_dir, seed=site * 100 + round_ + 50)
            edit_sub = _build_subprocess(articles_dir, output, config)
            sentence2_raw = raw_piper_seconds([sentence2], voice)
            results.append({
                "full_build_s": full,
                "full_build_cpu_s": full_cpu,
                "unchanged_subprocess_cpu_s": unchanged_sub_cpu,
                "unchanged_s": unchanged,
                "unchanged_subprocess_s": unchanged_sub,
                "edit_s": edit,
                "edit_pieces_synthesized": summary.synthesized,
                "edit_baseline_sentence_s": sentence_raw,
                "edit_baseline_encode_s": encode,
                "edit_subprocess_s": edit_sub,
                "edit2_baseline_sentence_s": sentence2_raw,
            })
            log(
                f"  site {site + 1}: full {full:.1f} s, unchanged {unchanged * 1000:.0f} ms "
                f"(subprocess {unchanged_sub * 1000:.0f} ms), edit {edit:.2f} s vs sentence "
                f"{sentence_raw:.2f} s + encode {encode:.2f} s (subprocess {edit_sub:.2f} s)"
            )
        return results


def clone_site(
    folder: Path, count: int, *, engine: str | None = None
) -> tuple[Path, Path, Path, float, list[GeneratedArticle]]:
    """A real one-article build cloned into `count` articles (see the module docstring).
    Returns (articles, output, config, seconds of the real one-article build, the articles).
    `engine`: the speech engine of the site (default: Piper)."""
    import shutil

    from reader.builder.manifest import Entry, Manifest
    from reader.fsutil import sha256_file

    articles_dir, output = folder / "articles", folder / "output"
    config = write_config(folder, folder / "cache", engine or "piper")
    seed_article = generate_article(
        9000, words=12, slug="tiny-0000", paragraphs_per_section=(1, 1),
        sentences_per_paragraph=(1, 2),
    )
    seed_article.write(articles_dir)
    one_article, _ = _build(articles_dir, output, config)
    manifest = Manifest.load(output)
    (seed_entry,) = manifest.entries.values()
    assert seed_entry.record is not None
    output_root = output
    seed_stem = Path(seed_entry.record.audio_file).name.removesuffix(".mp3")
    digest = seed_stem.rsplit("-", 1)[1]  # episodes are named <slug>-<hash8> by content
    generated = [seed_article]
    for index in range(1, count):
        article = generate_article(
            9000 + index, words=12, slug=f"tiny-{index:04d}", paragraphs_per_section=(1, 1),
            sentences_per_paragraph=(1, 2),
        )
        generated.append(article)
        path = article.write(articles_dir)
        stem = f"{article.slug}-{digest}"
        record = replace(
            seed_entry.record, slug=article.slug, title=article.title,
            audio_file=f"episodes/{stem}.mp3",
        )  # fmt: skip
        for seed_file in sorted(output_root.glob(f"*/{seed_stem}.*")):
            target = seed_file.with_name(stem + seed_file.name.removeprefix(seed_stem))
            try:
                os.link(seed_file, target)
            except OSError:
                shutil.copyfile(seed_file, target)
        manifest.entries[path.name] = Entry(
            path.name, sha256_file(path), seed_entry.fingerprint, article.slug, record,
            seed_entry.tags_fingerprint,
        )  # fmt: skip
    manifest.site_fingerprint = manifest.site_settings = ""  # the next build writes it all
    manifest.save(output)
    _, summary = _build(articles_dir, output, config)
    assert len(summary.unchanged) == count and summary.site_written, summary
    return articles_dir, output, config, one_article, generated


def _many(runs: int) -> tuple[list[float], list[float], float]:
    """No-change rebuilds of MANY articles: (in-process s, subprocess s, one real build s)."""
    with workspace("rebuild-many") as folder:
        articles_dir, output, config, one_article, _ = clone_site(folder, MANY)
        in_process = [_build(articles_dir, output, config)[0] for _ in range(runs)]
        as_subprocess = [_build_subprocess(articles_dir, output, config) for _ in range(runs)]
    log(
        f"  {MANY} articles unchanged: in-process {[round(s, 3) for s in in_process]} s, "
        f"subprocess {[round(s, 3) for s in as_subprocess]} s"
    )
    return in_process, as_subprocess, one_article


def run(runs: int = 3, *, quick: bool = False) -> list[Figure]:
    """`runs` cold full builds with one edit round each; `quick`: one cold full build with
    `runs` rounds on it (the full build, the ratio's denominator, is then measured once)."""
    voice = load_raw_voice()
    if quick:
        results = _site_runs(0, runs, voice)
    else:
        results = [r for site in range(runs) for r in _site_runs(site, 1, voice)]

    def column(name: str) -> list[float]:
        return [r[name] for r in results]

    def edit_baseline(r: dict[str, float], sentence: str) -> float:
        return r[sentence] + r["edit_baseline_encode_s"]

    in_process, as_subprocess, one_article = _many(runs)
    cloned = (f"site cloned from one real tiny build ({one_article:.1f} s; {MANY} real ones "
              f"would take about {one_article * MANY / 60:.0f} min), then one real build")
    return [
        Figure(
            key="unchanged_rebuild_share",
            title=f"2. No-change rebuild / full build, {ARTICLES} articles of ~{WORDS} words",
            unit="share",
            runs=[r["unchanged_s"] / r["full_build_s"] for r in results],
            limit=0.01,
            how="in-process build_site; the full build starts with an empty clip cache"
            + ("; quick run: ONE full build, three no-change rebuilds of it" if quick else ""),
            detail={k: column(k) for k in ("full_build_s", "unchanged_s")},
        ),
        Figure(
            key="unchanged_rebuild_share_subprocess",
            title="2. The same, no-change rebuild as `python -m reader build`",
            unit="share",
            runs=[r["unchanged_subprocess_s"] / r["full_build_s"] for r in results],
            limit=0.01,
            how="subprocess (interpreter start and imports included) / in-process full build",
            detail={"unchanged_subprocess_s": column("unchanged_subprocess_s")},
        ),
        Figure(
            key="unchanged_rebuild_share_subprocess_cpu",
            title="2. The same as a process, in CPU time",
            unit="share",
            runs=[r["unchanged_subprocess_cpu_s"] / r["full_build_cpu_s"] for r in results],
            limit=0.01,
            how="CPU seconds (user + system, children included) of `python -m reader build` "
            "with nothing to do / of the full build: on a shared machine CPU time moves far "
            "less with the load than wall time",
            detail={k: column(k) for k in ("unchanged_subprocess_cpu_s", "full_build_cpu_s")},
        ),
        Figure(
            key="unchanged_rebuild_200",
            title=f"2b. No-change rebuild of {MANY} articles, in-process",
            unit="s",
            runs=in_process,
            limit=1.0,
            how=f"in-process build_site; {cloned}",
            detail={"one_tiny_article_real_build_s": one_article},
        ),
        Figure(
            key="unchanged_rebuild_200_subprocess",
            title=f"2b. No-change rebuild of {MANY} articles, `python -m reader build`",
            unit="s",
            runs=as_subprocess,
            limit=1.0,
            how=f"subprocess (interpreter start and imports included); {cloned}",
        ),
        Figure(
            key="one_sentence_edit",
            title="3. One-sentence edit rebuild / (sentence synthesis + episode encode)",
            unit="ratio",
            runs=[r["edit_s"] / edit_baseline(r, "edit_baseline_sentence_s") for r in results],
            limit=2.0,
            how="in-process build_site; baseline: raw PiperVoice on the new sentence (voice "
            "loaded) + encode_in_two_passes on a WAV of that episode's length",
            detail={k: column(k) for k in ("edit_s", "edit_pieces_synthesized",
                                             "edit_baseline_sentence_s",
                                             "edit_baseline_encode_s")},
        ),
        Figure(
            key="one_sentence_edit_subprocess",
            title="3. The same, a second edit rebuilt as `python -m reader build`",
            unit="ratio",
            runs=[r["edit_subprocess_s"] / edit_baseline(r, "edit2_baseline_sentence_s")
                  for r in results],
            how="subprocess: interpreter start, imports and loading the voice included",
            detail={k: column(k) for k in ("edit_subprocess_s", "edit2_baseline_sentence_s")},
        ),
    ]

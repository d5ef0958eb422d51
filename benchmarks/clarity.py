"""Benchmark 13: where the voice's clarity goes between the model and the episode.

Three articles, one per input format (the demo's Markdown and saved HTML articles as they
were before they were shortened, kept in benchmarks/clarity_articles/, and the user's
plain-text seed article beside the repo), each cut to its first ~200 words at a
sentence's end, are spoken piece by piece as `reader script --json` lists the pieces, and
pocketsphinx (the English model its wheel ships) transcribes the whole audio at each stage;
the word error rate is the edits of a word-level alignment against the script (the one in
tests/test_listening.py). Each stage adds one step of the pipeline to the one before:

- raw: the engine's own library on the pieces, one after another in one WAV (kokoro-onnx's
  `create` on the text, which phonemises it itself; PiperVoice with normalize_audio=False,
  the pipeline's setting);
- engine: our engine module (Kokoro: our espeak-ng phonemes, is_phonemes=True);
- trim: each clip trimmed to its speech (reader/episode/pauses.py), joined with no gap;
- pauses: the real assembly (reader/episode/assemble.py): trimmed clips, punctuation pauses;
- limiter: loudness: the gain to -16 LUFS with the true-peak limiter that catches its
  peaks (the two-pass encode's gain and ceiling), at the engine's own rate;
- resample: the real chain at 44.1 kHz (2x oversampled limiter; reader/episode/encode.py);
- episode: the MP3 `reader speak` makes of the same script (make_episode, streamed encode).

Beside them, "sentences": our engine on whole sentences instead of pieces (the pieces of a
sentence cut at its commas joined again), so the cost of cutting shows. Each variant's clips
are synthesised once and kept in a clip cache, and what pocketsphinx heard is kept by the
audio's hash (READER_BENCH_CACHE, else ~/.cache/reader-bench/clarity), so measuring after a
change costs only the stages whose audio changed. Piper's clips are drawn with onnxruntime's
seed set on a fresh voice, as the listening test does. The figure is the episode's WER minus
raw's, in points over all three articles; Kokoro's must be at most 1.5.
"""

from __future__ import annotations

import dataclasses
import os
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .common import REPO, Figure, log, workspace

SEED_ARTICLE = REPO.parent / "shared" / "seed-article.txt"
ARTICLE_WORDS = 200  # each article is cut after the sentence that reaches this many words
ENGINES = ("kokoro", "piper")
KOKORO_LIMIT_POINTS = 1.5  # the bound: episode WER at most this above raw
STAGES = ("raw", "engine", "trim", "pauses", "limiter", "resample", "episode")
SIDE_STAGES = ("sentences",)
PIPER_SEED = 7


def cache_root() -> Path:
    configured = os.environ.get("READER_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "reader-bench" / "clarity"


# One article per input format (the three were Markdown, plain text and a saved
# HTML page): the demo's Markdown and HTML articles as they were before `make demo` shortened
# them to ~60 words (kept here, each long enough for ~200 words), and the user's own
# plain-text article where it lies beside the repo (else the demo's plain-text one).
TEXTS = Path(__file__).resolve().parent / "clarity_articles"
DEMO_ARTICLES = ("2026-03-14-why-we-read-aloud.md", "quiet-hours-at-the-library.html")
DEMO_PLAIN_TEXT = "2026-01-20-walking-meetings.txt"


def articles() -> list[Path]:
    plain = SEED_ARTICLE if SEED_ARTICLE.is_file() else TEXTS / DEMO_PLAIN_TEXT
    return [*(TEXTS / name for name in DEMO_ARTICLES), plain]


# -- the scripts ------------------------------------------------------------------------


def shortened(script: Any, words: int = ARTICLE_WORDS) -> Any:
    """`script` up to the end of the written sentence in which its `words`-th word falls
    (the opening and headings count)."""
    from tests.test_listening import words as words_of

    count = sum(len(words_of(line)) for line in script.opening)
    sections = []
    for section in script.sections:
        if count >= words:
            break
        count += len(words_of(section.spoken_title or section.title or ""))
        paragraphs: list[tuple[str, ...]] = []
        sources: list[tuple[str, ...]] = []
        for index, paragraph in enumerate(section.paragraphs):
            if count >= words:
                break
            kept: list[str] = []
            for n, piece in enumerate(paragraph):
                source = section.source_of(index, n)
                if count >= words and (not source or source != section.source_of(index, n - 1)):
                    break  # the sentence that reached the count is complete
                kept.append(piece)
                count += len(words_of(piece))
            paragraphs.append(tuple(kept))
            sources.append(section.sources[index][: len(kept)] if index < len(section.sources)
                           else ())
        sections.append(dataclasses.replace(
            section, paragraphs=tuple(paragraphs), sources=tuple(sources),
            list_items=frozenset(i for i in section.list_items if i < len(paragraphs)),
            quotes=frozenset(i for i in section.quotes if i < len(paragraphs)),
        ))  # fmt: skip
    return dataclasses.replace(script, sections=tuple(sections))


def whole_sentences(script: Any, pieces: Sequence[Any]) -> list[str]:
    """The pieces with those cut from one written sentence joined again (same section and
    page id, one after another)."""
    joined: list[str] = []
    previous: tuple[int, str] | None = None
    for piece in pieces:
        here = (piece.section, piece.source)
        if piece.source and here == previous:
            joined[-1] = f"{joined[-1]} {piece.spoken}"
        else:
            joined.append(piece.spoken)
        previous = here
    return joined


# -- the clips, synthesised once per variant ---------------------------------------------


Speak = Callable[[str], Any]  # text -> Clip


def raw_kokoro(engine: Any, text: str, ours: Any = None) -> Any:
    """kokoro-onnx's audio of `text`, called as its own user would (it phonemises the text
    itself). Where it would phonemise it to exactly the phonemes our engine gave the model,
    that is `ours` (the same model on the same input, style vector included: Kokoro is
    deterministic), so it is not spoken twice."""

    def spoken(phonemes: str) -> str:
        return " ".join(phonemes.split())  # as kokoro-onnx's `create` joins them, either way

    from reader.speech.clip import Clip
    from reader.speech.engines.kokoro import SPEED, load_model, load_voice

    model = load_model()
    language = engine.voice.language
    if ours is not None and spoken(model.tokenizer.phonemize(text, language)) == spoken(
        engine.phonemes(text)
    ):
        return ours
    audio, rate = model.create(text, voice=load_voice(engine.voice), speed=SPEED, lang=language)
    samples = np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0) * 32767.0
    return Clip(samples.astype(np.int16), int(rate))


def library_speaker(engine: str, engine_object: Any) -> Speak:
    """The engine's own library, as a user of it would call it."""
    from reader.speech.clip import Clip

    if engine == "kokoro":
        return lambda text: raw_kokoro(engine_object, text)
    from piper import SynthesisConfig

    from .common import load_raw_voice

    voice = load_raw_voice()

    def piper(text: str) -> Clip:
        chunks = [chunk.audio_int16_array for chunk in
                  voice.synthesize(text, syn_config=SynthesisConfig(normalize_audio=False))]
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        return Clip(samples.astype(np.int16), voice.config.sample_rate)

    return piper


def cached_clips(
    cache: Any, identity: dict[str, str], texts: Sequence[str], speak: Callable[[], Speak],
    same: Sequence[Any | None] = (),
) -> list[Any]:
    """Each text's clip from the cache, or spoken (`speak()` makes the speaker once, when
    a clip is missing) and kept; where `same` holds a clip, that one (the same model
    given the same input makes the same audio)."""
    from reader.speech.cache import clip_key

    speaker: Speak | None = None
    clips = []
    for index, text in enumerate(texts):
        if index < len(same) and same[index] is not None:
            clips.append(same[index])
            continue
        key = clip_key(identity, text)
        clip = cache.get(key)
        if clip is None:
            speaker = speaker or speak()
            clip = speaker(text)
            cache.put(key, clip)
        clips.append(clip)
    return clips


def _same_input(engine: str, ours: Any, texts: Sequence[str], mine: Sequence[Any]) -> list[Any]:
    """Our Kokoro clip of each text where kokoro-onnx on the text would make the same audio
    (raw_kokoro says where). Piper's raw clips are all spoken (its noise is drawn per
    run)."""
    if engine != "kokoro":
        return []

    return [clip if raw_kokoro(ours, text, clip) is clip else None
            for text, clip in zip(texts, mine, strict=True)]


def _seeded(engine: str, make: Callable[[], Speak]) -> Callable[[], Speak]:
    """Piper draws its noise from onnxruntime's generator: seed it on a fresh voice."""
    if engine != "piper":
        return make

    def seeded() -> Speak:
        import onnxruntime

        from reader.speech.engines import piper

        piper.forget_loaded_voices()
        onnxruntime.set_seed(PIPER_SEED)
        return make()

    return seeded


# -- the stages ----------------------------------------------------------------------------


def write_wav(path: Path, parts: Sequence[np.ndarray], rate: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for part in parts:
            out.writeframes(part.astype("<i2").tobytes())
    return path


def filtered(source: Path, target: Path, chain: str) -> Path:
    from reader.audio.ffmpeg import run_ffmpeg

    run_ffmpeg(["-i", source, "-af", chain, "-ac", "1", "-c:a", "pcm_s16le", target])
    return target


@dataclasses.dataclass(frozen=True)
class Variants:
    """One article's clips for one engine, in every variant the stages start from."""

    script: Any
    pieces: list[Any]
    settings: Any
    raw: list[Any]
    engine: list[Any]
    sentences: list[Any]
    keys: list[str]  # the engine clips' keys in the clip cache (the pipeline's own)


def variants(engine: str, article: Path, cache: Any) -> Variants:
    from reader.config import audio_settings_for, load_config
    from reader.episode.assemble import plan_pieces
    from reader.load import load_article
    from reader.script import make_script
    from reader.speech.cache import clip_key
    from reader.speech.engines import create_engine

    loaded = load_article(article)
    script = shortened(make_script(loaded))
    settings = audio_settings_for(load_config(Path("none.toml"), required=False), loaded.meta,
                                  engine=engine)
    pieces = plan_pieces(script, settings)
    texts = [piece.spoken for piece in pieces]
    ours = create_engine(settings.engine, settings.voice, loaded.meta.lang)
    identity = ours.identity()  # the pipeline's own clip keys: the episode reuses the clips
    mine = cached_clips(cache, identity, texts, _seeded(engine, lambda: ours.synthesize))
    raw = cached_clips(cache, {**identity, "bench": "library"}, texts,
                       _seeded(engine, lambda: library_speaker(engine, ours)),
                       same=_same_input(engine, ours, texts, mine))
    # The same engine on whole sentences: a sentence that is one piece is that piece's clip.
    sentences = cached_clips(cache, identity, whole_sentences(script, pieces),
                             _seeded(engine, lambda: ours.synthesize))
    keys = [clip_key(identity, text) for text in texts]
    return Variants(script, pieces, settings, raw, mine, sentences, keys)


def episode_cache(cache: Any, keys: Sequence[str], folder: Path) -> Path:
    """A clip cache of its own for one episode, holding its clips (hard links): the episode
    is made as a voice's first one is (from the built-in gain hint, no loudness memory),
    so it is the same MP3 every run and what was heard in it is kept."""
    from reader.speech.cache import ClipCache

    own = ClipCache(folder)
    for key in keys:
        target = own.path_for(key)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(cache.path_for(key), target)
    return folder


def stage_files(engine: str, made: Variants, folder: Path, cache: Any) -> dict[str, Path]:
    """Every stage's audio for one article, each built on the one before."""
    from reader.builder.speak import make_episode
    from reader.episode.assemble import assemble
    from reader.episode.encode import encode_in_two_passes, limiter_chain
    from reader.episode.pauses import trim

    rate = made.engine[0].sample_rate
    settings = made.settings
    files: dict[str, Path] = {
        "raw": write_wav(folder / "raw.wav", [c.samples for c in made.raw], rate),
        "engine": write_wav(folder / "engine.wav", [c.samples for c in made.engine], rate),
        "sentences": write_wav(folder / "sentences.wav", [c.samples for c in made.sentences],
                               rate),
        "trim": write_wav(
            folder / "trim.wav",
            [trim(c.samples, c.sample_rate).samples for c in made.engine], rate,
        ),
    }
    files["pauses"] = folder / "pauses.wav"
    assemble(made.script, made.pieces, made.engine, files["pauses"], settings)
    # The gain and limiter ceiling that put this episode on target (the two-pass encode
    # finds them); the limiter stage applies them at the engine's rate, the resample stage
    # through the real chain at 44.1 kHz.
    report = encode_in_two_passes(files["pauses"], folder / "two-pass.mp3",
                                  bitrate=settings.bitrate, target_lufs=settings.loudness_lufs,
                                  target_tp=settings.true_peak_dbtp, work_dir=folder)
    ceiling = settings.true_peak_dbtp - report.peak_margin_db
    files["limiter"] = filtered(files["pauses"], folder / "limiter.wav",
                                limiter_chain(report.gain_db, ceiling, oversample=1, rate=rate))
    files["resample"] = filtered(files["pauses"], folder / "resample.wav",
                                 limiter_chain(report.gain_db, ceiling))
    episode = make_episode(made.script, folder / "episode.mp3", settings,
                           cache_dir=episode_cache(cache, made.keys, folder / "clips"))
    files["episode"] = episode.audio_path
    return files


def heard(path: Path, script_words: list[str]) -> int:
    """Edits between the script's words and what pocketsphinx hears in `path`.

    What it heard is kept by the audio's content hash: pocketsphinx takes about half the
    audio's duration in CPU, and a stage whose audio a change left alone is heard again for
    nothing (an MP3 is decoded the same every time)."""
    from reader.fsutil import sha256_file
    from tests.test_listening import alignment, transcribe

    kept = cache_root() / "heard" / f"{sha256_file(path)}.txt"
    if kept.is_file():
        words = kept.read_text(encoding="utf-8").split()
    else:
        words = transcribe(path)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(" ".join(words), encoding="utf-8")
    return sum(op != "=" for op in alignment(script_words, words))


def measure_engine(engine: str, cache: Any) -> dict[str, dict[str, list[int]]]:
    """{stage: {article: [edits, words]}} for one engine over every article."""
    from tests.test_listening import words

    table: dict[str, dict[str, list[int]]] = {stage: {} for stage in (*STAGES, *SIDE_STAGES)}
    for article in articles():
        made = variants(engine, article, cache)
        script_words = words(" ".join(piece.spoken for piece in made.pieces))
        with workspace(f"clarity-{engine}") as folder:
            for stage, path in stage_files(engine, made, folder, cache).items():
                table[stage][article.name] = [heard(path, script_words), len(script_words)]
        log(f"  {engine} {article.name} ({len(script_words)} words): " + ", ".join(
            f"{stage} {100 * table[stage][article.name][0] / len(script_words):.1f}"
            for stage in (*STAGES, *SIDE_STAGES)))
    return table


def total(per_article: dict[str, list[int]]) -> float:
    edits = sum(e for e, _ in per_article.values())
    return 100 * edits / sum(n for _, n in per_article.values())


def run(runs: int = 1) -> list[Figure]:
    from reader.speech.cache import ClipCache

    root = cache_root()
    cache = ClipCache(root / "clips")
    figures = []
    for engine in ENGINES:
        table = measure_engine(engine, cache)
        wer = {stage: total(rows) for stage, rows in table.items()}
        log(f"  {engine} total: " + ", ".join(f"{s} {w:.1f} %" for s, w in wer.items()))
        figures.append(Figure(
            key=f"clarity_{engine}_episode_minus_raw",
            title=f"13. pocketsphinx WER, {engine} episode minus raw {engine} (points)",
            unit="points",
            runs=[wer["episode"] - wer["raw"]],
            limit=KOKORO_LIMIT_POINTS if engine == "kokoro" else None,
            how=f"ONE run (deterministic clips, cached); {len(articles())} articles of "
            f"~{ARTICLE_WORDS} words; whole-file pocketsphinx WER over all script words",
            detail={"wer_percent": wer, "per_article": table},
        ))  # fmt: skip
    return figures


def report_section(figures: list[Figure]) -> str:
    """docs/benchmarks.md: every stage's WER and its cost in points, per engine."""
    from .report import cpu_label

    found = [f for f in figures if f.key.startswith("clarity_")]
    if not found:
        return ""
    lines = ["## Clarity, stage by stage (benchmark 13)", ""]
    for figure in found:
        engine = figure.key.split("_")[1]
        table = figure.detail["per_article"]
        names = list(table["raw"])
        lines += [
            f"{engine}: pocketsphinx WER (%) per article and in total, and the total in points "
            f"beside raw and beside the stage before (measured on {cpu_label(figure.machine)})."
            , "",
            "| stage | " + " | ".join(names) + " | total | beside raw | the stage's cost |",
            "|---|" + "---|" * (len(names) + 3),
        ]  # fmt: skip
        wer = figure.detail["wer_percent"]
        before = wer["raw"]
        for stage in (*STAGES, *SIDE_STAGES):
            if stage not in table:
                continue
            cells = [f"{100 * e / n:.1f}" for e, n in (table[stage][a] for a in names)]
            cost = wer[stage] - (wer["engine"] if stage == "sentences" else before)
            lines.append(f"| {stage} | " + " | ".join(cells) + f" | {wer[stage]:.1f} | "
                         f"{wer[stage] - wer['raw']:+.1f} | {cost:+.1f} |")
            if stage not in SIDE_STAGES:
                before = wer[stage]
        lines.append("")
    lines.append("\"sentences\" is our engine on whole sentences instead of pieces: its "
                 "cost is beside \"engine\" (below zero: cutting long sentences at commas "
                 "costs that much). Each figure is one run: one word is 0.5 points of an "
                 "article, and a stage that changes nothing audible moves an article's WER by "
                 "up to 2 points.")
    return "\n".join(lines) + "\n"

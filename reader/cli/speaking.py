"""Commands that speak: `reader script`, `speak`, `build`, `words`, `voices`, `studio`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..audio.formats import DEFAULT_FORMAT
from ..errors import UserError
from ..layout import CONFIG_NAME
from ..speech.engines import engine_names
from .app import ARTICLE_HELP, PORT_RANGE, EngineOption


def script(
    article: Annotated[Path, typer.Argument(help=ARTICLE_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Print exactly what will be spoken, section by section (in the article's language:
    its front matter `lang`, else reader.toml's \\[podcast] language, else English)."""
    from ..config import load_config
    from ..load import load_article
    from ..script import make_script

    podcast = load_config(Path(CONFIG_NAME), required=False).podcast
    spoken = make_script(load_article(article, podcast.language if podcast else None))
    if as_json:
        typer.echo(json.dumps(spoken.to_json_obj(), ensure_ascii=False, indent=2))
        return
    typer.echo(f"# {spoken.meta.title}")
    typer.echo("")
    typer.echo(" ".join(spoken.opening))
    for section in spoken.sections:
        typer.echo("")
        if section.title is not None:
            typer.echo(f"## {section.title}")
        for paragraph in section.paragraphs:
            typer.echo(" ".join(paragraph))
            typer.echo("")


def speak(
    article: Annotated[Path, typer.Argument(help=ARTICLE_HELP)],
    output: Annotated[
        Path | None, typer.Option(
            "-o", "--output", help=f"Episode file (default: <slug>{DEFAULT_FORMAT.suffix})."
        )
    ] = None,
    engine: EngineOption = None,
    voice: Annotated[str | None, typer.Option("--voice", help="Voice name or .onnx path.")] = None,
    config: Annotated[Path, typer.Option("--config", help="reader.toml (optional).")] = Path(
        CONFIG_NAME
    ),
) -> None:
    """Turn one article into one episode (an MP3) with its sidecar files."""
    from ..builder.speak import progress_bar, speak_article

    with progress_bar(f"speaking {article.name}") as progress:
        episode = speak_article(
            article, output, engine=engine, voice=voice, config_path=config, progress=progress
        )
    minutes, seconds = divmod(round(episode.duration_ms / 1000), 60)
    chapters = _count(len(episode.chapters), "chapter")
    typer.echo(
        f"wrote {episode.audio_path} ({minutes}:{seconds:02d}, {chapters}, "
        f"{episode.loudness_lufs:.1f} LUFS, {episode.true_peak_dbtp:.1f} dBTP, "
        f"{_count(episode.synthesized, 'piece')} spoken, {episode.cached} from the cache) "
        f"with {episode.vtt_path.name}, {episode.chapters_path.name}, "
        f"{episode.transcript_path.name}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def build(
    articles: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of articles, read recursively (default: \\[articles] folder in "
            "reader.toml, else ./articles).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Site folder.")] = Path("output"),
    config: Annotated[Path, typer.Option("--config", help="reader.toml.")] = Path(CONFIG_NAME),
    engine: EngineOption = None,
    voice: Annotated[str | None, typer.Option("--voice", help="Voice name or .onnx path.")] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Synthesis processes on this machine "
                     "(default: \\[build] jobs, else one per core)."),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", help="A Dask scheduler, e.g. tcp://HOST:8786: its workers "
                     "speak and encode (needs read-or-listen\\[cluster])."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Speak nothing, build nothing: say which articles "
                     "would be spoken, the minutes of audio and the expected time on this "
                     "machine (and with Piper, more jobs, a cluster). The first time for a "
                     "voice measures it: a few seconds."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --dry-run: one JSON object on stdout.")
    ] = False,
) -> None:
    """Build every article into episodes, transcripts, the feed and pages (incremental)."""
    from ..builder import build_site

    if as_json and not dry_run:
        raise UserError("--json goes with --dry-run")
    if dry_run:
        from ..builder.estimate import dry_run as estimate_build

        found = estimate_build(
            articles, output, config, engine=engine, voice=voice, jobs=jobs, cluster=cluster
        )
        if as_json:
            typer.echo(json.dumps(found.to_json(), ensure_ascii=False))
        else:
            for line in found.lines():
                typer.echo(line)
        return

    summary = build_site(
        articles, output, config, engine=engine, voice=voice, jobs=jobs, cluster=cluster
    )
    if summary.failed:
        raise typer.Exit(2)


def words(
    target: Annotated[Path, typer.Argument(help="An article, or a folder of articles.")],
    stubs: Annotated[
        bool, typer.Option("--stubs", help="Append a commented stub per word to lexicon.toml.")
    ] = False,
    samples: Annotated[
        Path | None, typer.Option("--samples", help="Write a WAV of each word to this folder.")
    ] = None,
    engine: Annotated[str | None, typer.Option("--engine", help=f"{engine_names()}.")] = None,
    voice: Annotated[str | None, typer.Option("--voice", help="Voice name or .onnx path.")] = None,
    config: Annotated[Path, typer.Option("--config", help="reader.toml (optional).")] = Path(
        CONFIG_NAME
    ),
) -> None:
    """List the words the voice will have to guess (rare words, names), most frequent first,
    with the phonemes it will say them with."""
    from ..words import guessed_words

    report = guessed_words(
        target, config_path=config, engine=engine, voice=voice, stubs=stubs, samples=samples
    )
    for line in report.failed:
        typer.echo(f"error: {line}", err=True)
    width = max((len(w.word) for w in report.words), default=0)
    for word in report.words:
        phonemes = f"/{word.phonemes}/" if word.phonemes else "(this engine shows no phonemes)"
        where = ", ".join(word.articles)
        typer.echo(f"{word.word:<{width}}  {word.count:>3}x  {phonemes}  {where}")
    if not report.words:
        typer.echo("no words to check: every word is common or already in the lexicon")
    if report.stubs_added:
        typer.echo(f"appended {_count(len(report.stubs_added), 'stub')} to {report.lexicon}")
    elif stubs and report.words:
        typer.echo(f"{report.lexicon} already has a stub or an entry for every word")
    if report.failed:
        raise typer.Exit(2)


def studio(
    articles: Annotated[
        Path | None,
        typer.Argument(help="Folder of articles (default: \\[articles] folder in reader.toml, "
                       "else ./articles).", show_default=False),
    ] = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (default: a free "
                                      "one).", show_default=False, **PORT_RANGE)] = 0,
    output: Annotated[Path, typer.Option("-o", "--output", help="The built site (what is "
                                         "built already).")] = Path("output"),
    config: Annotated[Path, typer.Option("--config", help="reader.toml.")] = Path(CONFIG_NAME),
) -> None:
    """Open the author's studio on 127.0.0.1: hear each sentence, fix words into
    lexicon.toml, choose the voice by ear, approve articles (prints its address)."""
    from ..studio import run_studio

    run_studio(articles, output, config, port=port)


def voices() -> None:
    """List engines and voices, and whether each works on this machine."""
    from ..speech.engines import describe_engines

    for line in describe_engines():
        typer.echo(line)

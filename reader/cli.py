"""The `reader` command: a thin shell over the library API.

Every command maps a few options onto one library call. Errors a user can cause
(reader.errors.UserError) become one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .audio.formats import DEFAULT_FORMAT
from .book import describe_formats
from .errors import ConfigError, MissingPackage, UserError
from .load.formats import describe_suffixes
from .publish.plan import DEFAULT_MAX_DELETES
from .publish.targets import describe_targets
from .speech.engines import check_engine, engine_names

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Give a blog a listening edition: narrated episodes, a podcast feed and pages.",
)

_state = {"verbose": False}
# From the input-format registry, so the help lists exactly what build and speak read.
_ARTICLE_HELP = f"An article file ({describe_suffixes()})."


def _known_engine(name: str | None) -> str | None:
    if name is not None:
        try:
            check_engine(name)  # the registry decides what it accepts
        except ConfigError:
            raise typer.BadParameter(
                f"{name!r} is not a speech engine; choose {engine_names()}"
            ) from None
    return name


EngineOption = Annotated[
    str | None,
    typer.Option(
        "--engine", help=f"Speech engine: {engine_names()} (default: reader.toml's).",
        callback=_known_engine,
    ),
]


@app.callback()
def _options(
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Show what each step did (e.g. how loudness was set) and "
            "errors in full.",
        ),
    ] = False,
) -> None:
    _state["verbose"] = verbose
    if verbose:
        import logging

        logging.basicConfig(format="%(name)s: %(message)s")
        logging.getLogger("reader").setLevel(logging.INFO)


@app.command()
def script(
    article: Annotated[Path, typer.Argument(help=_ARTICLE_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Print exactly what will be spoken, section by section (in the article's language:
    its front matter `lang`, else reader.toml's [podcast] language, else English)."""
    from .config import load_config
    from .load import load_article
    from .script import make_script

    podcast = load_config(Path("reader.toml"), required=False).podcast
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


@app.command()
def speak(
    article: Annotated[Path, typer.Argument(help=_ARTICLE_HELP)],
    output: Annotated[
        Path | None, typer.Option(
            "-o", "--output", help=f"Episode file (default: <slug>{DEFAULT_FORMAT.suffix})."
        )
    ] = None,
    engine: EngineOption = None,
    voice: Annotated[str | None, typer.Option("--voice", help="Voice name or .onnx path.")] = None,
    config: Annotated[Path, typer.Option("--config", help="reader.toml (optional).")] = Path(
        "reader.toml"
    ),
) -> None:
    """Turn one article into one episode (an MP3) with its sidecar files."""
    from .speak import progress_bar, speak_article

    with progress_bar(f"speaking {article.name}") as progress:
        episode = speak_article(
            article, output, engine=engine, voice=voice, config_path=config, progress=progress
        )
    minutes, seconds = divmod(round(episode.duration_ms / 1000), 60)
    chapters = _count(len(episode.chapters), "chapter")
    typer.echo(
        f"wrote {episode.mp3_path} ({minutes}:{seconds:02d}, {chapters}, "
        f"{episode.loudness_lufs:.1f} LUFS, {episode.true_peak_dbtp:.1f} dBTP, "
        f"{_count(episode.synthesized, 'piece')} spoken, {episode.cached} from the cache) "
        f"with {episode.vtt_path.name}, {episode.chapters_path.name}, "
        f"{episode.transcript_path.name}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@app.command()
def build(
    articles: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of articles, read recursively (default: [articles] folder in "
            "reader.toml, else ./articles).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Site folder.")] = Path("output"),
    config: Annotated[Path, typer.Option("--config", help="reader.toml.")] = Path("reader.toml"),
    engine: EngineOption = None,
    voice: Annotated[str | None, typer.Option("--voice", help="Voice name or .onnx path.")] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Synthesis processes on this machine "
                     "(default: [build] jobs, else one per core)."),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", help="A Dask scheduler, e.g. tcp://HOST:8786: its workers "
                     "speak and encode (needs read-or-listen[cluster])."),
    ] = None,
) -> None:
    """Build every article into episodes, transcripts, the feed and pages (incremental)."""
    from .builder import build_site

    summary = build_site(
        articles, output, config, engine=engine, voice=voice, jobs=jobs, cluster=cluster
    )
    if summary.failed:
        raise typer.Exit(2)


@app.command()
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
        "reader.toml"
    ),
) -> None:
    """List the words the voice will have to guess (rare words, names), most frequent first,
    with the phonemes it will say them with."""
    from .words import guessed_words

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


@app.command()
def voices() -> None:
    """List engines and voices, and whether each works on this machine."""
    from .speech.engines import describe_engines

    for line in describe_engines():
        typer.echo(line)


@app.command()
def serve(
    output: Annotated[Path, typer.Argument(help="Site folder.")] = Path("output"),
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Preview the site with HEAD and byte-range support."""
    from .serve import serve_folder

    serve_folder(output, port=port, host=host)


@app.command()
def check(
    output: Annotated[
        Path, typer.Argument(help="Site folder; with --page, the article's slug.")
    ] = Path("output"),
    page: Annotated[
        str | None,
        typer.Option("--page", help="A saved blog page (file or URL): how many of the "
                     "episode's sentences the embed finds in it (reader check --page PAGE SLUG)."),
    ] = None,
    site: Annotated[Path, typer.Option("--site", help="With --page: the site folder.")] = Path(
        "output"
    ),
) -> None:
    """Check a built site against the feed rules; one line per problem."""
    from .site.check import check_site

    if page is not None:
        from .site.embed import page_report

        lines, complete = page_report(site, str(output), page)
        typer.echo("\n".join(lines))
        raise typer.Exit(0 if complete else 2)
    problems = check_site(output)
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{output}: no problems found")


@app.command()
def embed(
    slug: Annotated[str | None, typer.Argument(help="The article's slug.")] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", help="hugo, jekyll, eleventy or wordpress: what a theme needs "
                     "to do it for every article."),
    ] = None,
    article: Annotated[
        str | None,
        typer.Option("--article", help="CSS selector of the article's text on the blog's "
                     "page (default: found by the embed)."),
    ] = None,
    config: Annotated[Path, typer.Option("--config", help="reader.toml (for base_url).")] = Path(
        "reader.toml"
    ),
) -> None:
    """Print the HTML that puts the player and the read-along on the blog's own page."""
    from .site.embed import embed_text

    text, where = embed_text(config, slug, theme=theme, article=article)
    typer.echo(text, nl=False)
    typer.echo(where, err=True)


@app.command()
def book(
    to: Annotated[
        Path, typer.Option("-o", "--output", help=f"The book: {describe_formats()}.",
                           show_default=False)
    ],
    output: Annotated[Path, typer.Argument(help="Built site folder.")] = Path("output"),
    since: Annotated[str | None, typer.Option("--since", help="Only articles from this day "
                                              "on (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only articles up to this day "
                                              "(YYYY-MM-DD).")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only articles with this tag.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The book's title (default: "
                                              "the podcast's).")] = None,
    newest_first: Annotated[bool, typer.Option("--newest-first", help="Newest article first "
                                               "(default: oldest, as a book reads).")] = False,
) -> None:
    """The archive, or a selection of it, as one book: an EPUB 3 that reads along or an M4B
    audiobook (from the built site; nothing is spoken again)."""
    from .book import Selection, make_book, parse_day

    selection = Selection(parse_day(since, "--since"), parse_day(until, "--until"), tag,
                          newest_first)
    typer.echo(make_book(output, to, selection, title=title).line())


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write it.")] = Path("reader.toml"),
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help=f"The blog's site generator ({', '.join(_generator_names())}); "
            "detected from the folder's files when not given.", show_default=False,
        ),
    ] = None,
) -> None:
    """Write a commented starter reader.toml (never overwrites one)."""
    from .config import write_starter_config
    from .sitegen import site_info

    site = site_info(path.parent, from_)
    write_starter_config(path, site)
    if site is None:
        typer.echo(f"wrote {path}; edit the [podcast] section, then run `reader build`")
        return
    typer.echo(
        f"wrote {path} for a {site.generator} site: articles from {site.articles}/, "
        f"base_url {site.base_url or '(not found: fill it in)'}; check the [podcast] section, "
        "then run `reader build`"
    )


def _generator_names() -> tuple[str, ...]:
    from .sitegen import NAMES

    return NAMES


@app.command("import")
def import_(
    source: Annotated[
        str,
        typer.Argument(
            help="A WordPress export (.xml), a Ghost export (.json), or an RSS/Atom feed "
            "(a file or an http(s) URL)."
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder for the Markdown articles.")
    ] = Path("articles"),
    pages: Annotated[bool, typer.Option("--pages", help="Pages too, not only posts.")] = False,
    images: Annotated[
        bool, typer.Option("--images", help="Download images into OUTPUT/images/ too.")
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="Rewrite files this command wrote before and nobody edited since."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
    site_url: Annotated[
        str | None, typer.Option("--site-url", help="Ghost: the address __GHOST_URL__ stands for.")
    ] = None,
) -> None:
    """Import a blog's posts as Markdown articles (never overwrites an edited file)."""
    from .importers import ImportOptions
    from .importers.session import import_posts

    result = import_posts(
        source, output, options=ImportOptions(pages=pages, site_url=site_url),
        update=update, dry_run=dry_run, images=images,
        report=lambda line: typer.echo(line) if not line.startswith("unchanged") else None,
    )  # fmt: skip
    typer.echo(result.line(dry_run=dry_run))


@app.command()
def publish(
    output: Annotated[Path, typer.Argument(help="Site folder.")] = Path("output"),
    to: Annotated[
        str | None,
        typer.Option("--to", help=f"{describe_targets()} (default: \\[publish] to in "
                     "reader.toml)."),
    ] = None,
    endpoint_url: Annotated[
        str | None, typer.Option("--endpoint-url", help="S3-compatible store's endpoint "
                                 "(R2, B2, MinIO).")
    ] = None,
    max_deletes: Annotated[
        int, typer.Option("--max-deletes", help="Stop before deleting more files than this "
                          "(-1: no limit).")
    ] = DEFAULT_MAX_DELETES,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; change "
                                          "nothing.")] = False,
    config: Annotated[Path, typer.Option("--config", help="reader.toml (optional).")] = Path(
        "reader.toml"
    ),
) -> None:
    """Upload the site: media first, the feed last, deletions after it; by content hash."""
    from .config import load_config
    from .publish import describe_plan
    from .publish import publish as publish_site

    settings = load_config(config, required=False)
    target = to or settings.publish.to
    if not target:
        raise UserError(f"no target: pass --to ({describe_targets()}) or set [publish] to "
                        "in reader.toml")
    plan, summary = publish_site(
        output, target, endpoint_url=endpoint_url or settings.publish.endpoint_url,
        max_deletes=max_deletes, dry_run=dry_run,
    )
    if dry_run:
        for line in describe_plan(plan):
            typer.echo(line)
    typer.echo(summary.line())
    if summary.feed_changed and settings.publish.notify and settings.podcast is not None:
        from .publish.notify import notify_all

        for feed in summary.feeds_changed:  # each language's podcast is announced
            for line in notify_all(settings.podcast.base_url + feed, settings.publish.notify):
                typer.echo(line, err=True)


def main() -> None:
    """Entry point: run the app, turning user errors into one line and exit status 2."""
    try:
        # Without standalone mode click returns a typer.Exit's code instead of raising it.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as exc:
        if _state["verbose"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except ImportError as exc:  # a package an optional part imports lazily is missing
        if _state["verbose"]:
            raise
        typer.echo(f"error: {MissingPackage(exc, needed_by='this command')}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        # A usage error (unknown option, bad --engine). Recognised by shape: typer 0.2x
        # raises its own copy of click's exceptions, older typer raises click's.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(2)
        raise

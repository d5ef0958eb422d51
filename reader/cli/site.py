"""Commands over a built site: `reader serve`, `check`, `embed`, `book`, `stats`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..book import describe_formats
from ..layout import CONFIG_NAME
from ..site.themes import theme_names
from .app import PORT_RANGE


def serve(
    output: Annotated[Path, typer.Argument(help="Site folder.")] = Path("output"),
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.", **PORT_RANGE)] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Preview the site with HEAD and byte-range support."""
    from ..serve import serve_folder

    serve_folder(output, port=port, host=host)


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
    from ..site.check import check_site

    if page is not None:
        from ..site.page_check import page_report

        lines, complete = page_report(site, str(output), page)
        typer.echo("\n".join(lines))
        raise typer.Exit(0 if complete else 2)
    problems = check_site(output)
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{output}: no problems found")


def embed(
    slug: Annotated[str | None, typer.Argument(help="The article's slug.")] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", help=f"One of {', '.join(theme_names())}: what that theme "
                     "needs to do it for every article."),
    ] = None,
    article: Annotated[
        str | None,
        typer.Option("--article", help="CSS selector of the article's text on the blog's "
                     "page (default: found by the embed)."),
    ] = None,
    config: Annotated[Path, typer.Option("--config", help="reader.toml (for base_url).")] = Path(
        CONFIG_NAME
    ),
) -> None:
    """Print the HTML that puts the player and the read-along on the blog's own page."""
    from ..site.themes import embed_text

    text, where = embed_text(config, slug, theme=theme, article=article)
    typer.echo(text, nl=False)
    typer.echo(where, err=True)


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
    from ..book import Selection, make_book, parse_day

    selection = Selection(parse_day(since, "--since"), parse_day(until, "--until"), tag,
                          newest_first)
    typer.echo(make_book(output, to, selection, title=title).line())


def stats(
    logs: Annotated[list[Path], typer.Argument(help="Access logs: files, folders, .gz.",
                                               show_default=False)],
    site: Annotated[Path, typer.Option("--site", help="The built site folder.")] = Path("output"),
    since: Annotated[str | None, typer.Option("--since", help="Only from this day on "
                                              "(YYYY-MM-DD, UTC).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only up to this day "
                                              "(YYYY-MM-DD, UTC).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (docs/stats.md) "
                                          "instead of a table.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a report with "
                                              "charts to this file.")] = None,
    state: Annotated[Path | None, typer.Option("--state", help="Where to remember how far "
                                               "each log was read (default: the site's "
                                               ".stats.json).")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Read every log from the start and "
                                        "keep no state.")] = False,
) -> None:
    """Downloads (counted by the IAB rules), listening, apps, page views and embed loads,
    from the host's access logs; nothing that identifies a person is kept."""
    import json

    from ..book import parse_day
    from ..stats import STATS_STATE, collect

    report = collect(logs, site, since=parse_day(since, "--since"),
                     until=parse_day(until, "--until"),
                     state=None if fresh else state or site / STATS_STATE)
    if html is not None:
        from ..stats.html import write_html

        write_html(report, html)
    typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if as_json
               else report.table())

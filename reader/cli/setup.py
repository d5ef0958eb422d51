"""Commands that set a blog up: `reader init` and `reader import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..layout import CONFIG_NAME


def init(
    path: Annotated[Path, typer.Argument(help="Where to write it.")] = Path(CONFIG_NAME),
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help=f"The blog's site generator ({', '.join(_generator_names())}); "
            "detected from the folder's files when not given.", show_default=False,
        ),
    ] = None,
) -> None:
    """Write a commented starter reader.toml (never overwrites one)."""
    from ..config import write_starter_config
    from ..sitegen import site_info

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
    from ..sitegen import NAMES

    return NAMES


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
    from ..importers import ImportOptions
    from ..importers.session import import_posts

    result = import_posts(
        source, output, options=ImportOptions(pages=pages, site_url=site_url),
        update=update, dry_run=dry_run, images=images,
        report=lambda line: typer.echo(line) if not line.startswith("unchanged") else None,
    )  # fmt: skip
    typer.echo(result.line(dry_run=dry_run))

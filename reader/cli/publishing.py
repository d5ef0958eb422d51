"""`reader publish`: the built site to S3, a folder or rsync, feed last."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from ..layout import CONFIG_NAME
from ..publish.plan import DEFAULT_MAX_DELETES
from ..publish.targets import describe_targets


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
        CONFIG_NAME
    ),
) -> None:
    """Upload the site: media first, the feed last, deletions after it; by content hash."""
    from ..config import load_config
    from ..publish import describe_plan
    from ..publish import publish as publish_site

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
        from ..publish.notify import notify_all

        for feed in summary.feeds_changed:  # each language's podcast is announced
            for line in notify_all(settings.podcast.base_url + feed, settings.publish.notify):
                typer.echo(line, err=True)

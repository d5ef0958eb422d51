"""The `reader` app and what its commands share: the engine option, the article argument's
help, whether --verbose was given."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import ConfigError
from ..load.formats import describe_suffixes
from ..speech.engines import check_engine, engine_names

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Give a blog a listening edition: narrated episodes, a podcast feed and pages.",
)

state = {"verbose": False}
# From the input-format registry, so the help lists exactly what build and speak read.
ARTICLE_HELP = f"An article file ({describe_suffixes()})."


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

# A TCP port (0: a free one), checked before a server tries to bind it.
PORT_RANGE = {"min": 0, "max": 65535}


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
    state["verbose"] = verbose
    if verbose:
        import logging

        logging.basicConfig(format="%(name)s: %(message)s")
        logging.getLogger("reader").setLevel(logging.INFO)

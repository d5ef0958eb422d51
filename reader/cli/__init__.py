"""The `reader` command: a thin shell over the library API.

Every command maps a few options onto one library call; the commands live in modules by
what they work on (speaking.py, site.py, setup.py, publishing.py) around one Typer app
(app.py). Each command imports the stage it calls inside its function, on purpose: the
stages pull in onnxruntime, numpy, jinja2 or boto3, and `reader --help` or a command's
start-up should load only what that command uses. Errors a user can cause
(reader.errors.UserError) become one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys

import typer

from ..errors import MissingPackage, UserError
from . import publishing, setup, site, speaking
from .app import app, state

# The commands, in the order `reader --help` lists them.
COMMANDS = (
    ("script", speaking.script), ("speak", speaking.speak), ("build", speaking.build),
    ("words", speaking.words), ("voices", speaking.voices), ("studio", speaking.studio),
    ("serve", site.serve), ("check", site.check), ("embed", site.embed), ("book", site.book),
    ("stats", site.stats),
    ("init", setup.init), ("import", setup.import_), ("publish", publishing.publish),
)
for _name, _command in COMMANDS:
    app.command(_name)(_command)

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning user errors into one line and exit status 2."""
    try:
        # Without standalone mode click returns a typer.Exit's code instead of raising it.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as exc:
        if state["verbose"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except ImportError as exc:  # a package an optional part imports lazily is missing
        if state["verbose"]:
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

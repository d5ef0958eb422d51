"""Progress bars on stderr, the same look for `reader speak` and `reader build`.

rich draws them only on a terminal; a log or a pipe gets the commands' result lines only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

# How a command tells its caller a result line ("built 3, unchanged 1, ..."; "error: ...").
Report = Callable[[str], None]


def stderr_line(message: str) -> None:
    """The default Report: the line on stderr."""
    print(message, file=sys.stderr)


def stderr_progress(note: str, *, enabled: bool = True, transient: bool = False) -> Progress:
    """A bar per task: its description, the bar, done/total, `note` (a format string over
    the task's fields, e.g. "{task.fields[cached]} cached") and the time elapsed or left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    clock = TimeElapsedColumn() if transient else TimeRemainingColumn()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(note),
        clock,
        console=console,
        transient=transient,
        disable=not (enabled and console.is_terminal),
    )

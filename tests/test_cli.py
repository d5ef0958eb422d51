"""The `reader` command's own behaviour: usage errors and the engine option.

Every usage error is click's short message and exit status 2, never a traceback; the
engines it names come from the engine registry, so a new engine is one file and one line.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from reader.speech.engines import ENGINES
from tests.conftest import run_reader


def reader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_reader(*args, cwd=cwd, env={**os.environ, "COLUMNS": "200"})


@pytest.mark.parametrize("command", ["speak", "build"])
def test_engine_help_names_every_registered_engine(command: str, tmp_path: Path) -> None:
    result = reader(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    help_text = " ".join(result.stdout.split())
    *others, last = ENGINES
    assert f"{', '.join(others)} or {last}" in help_text


@pytest.mark.parametrize(("command", "table"), [
    ("build", "[articles] folder in reader.toml"), ("build", "[build] jobs"),
    ("script", "reader.toml's [podcast] language"), ("studio", "[articles] folder"),
])  # fmt: skip
def test_help_names_reader_toml_tables_as_written(
    command: str, table: str, tmp_path: Path
) -> None:
    """A reader.toml table in help text ("[articles]") is shown, not taken for markup."""
    result = reader(command, "--help", cwd=tmp_path)
    assert table in " ".join(result.stdout.replace("│", " ").split())


@pytest.mark.parametrize(
    "args",
    [("speak", "a.md", "--engine", "festival"), ("build", "--engine", "festival"),
     ("build", "--no-such-option"), ("no-such-command",),
     ("serve", "--port", "99999"), ("studio", "--port", "70000")],
)  # fmt: skip
def test_usage_errors_exit_2_without_a_traceback(args: tuple[str, ...], tmp_path: Path) -> None:
    result = reader(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Error:" in result.stderr
    if "festival" in args:
        assert "'festival' is not a speech engine; choose " in result.stderr
        assert all(name in result.stderr for name in ENGINES)
    if "--port" in args:  # before any bind: a port past 65535 made the socket raise
        assert "Invalid value for '--port'" in result.stderr

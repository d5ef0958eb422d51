"""The package's layering: each stage imports only the stages below it.

A stage is a top-level module or package of `reader` (reader/episode/, reader/layout.py, ...).
LAYERS lists them from the bottom up; a module may import its own stage and any stage on a
lower layer, never one on its own layer or above. Every import counts, at module top or
inside a function (a lazy import is still a dependency), so a new upward import fails here
with the file and line that makes it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import reader

PACKAGE = Path(reader.__file__).parent

LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer.split()) for layer in (
    # What every stage may use: the version and the one-line errors; the output's names,
    # atomic files and hashes, the directories' limits, progress lines; the values passed
    # between stages; the words around the articles in each language (catalogues, Babel).
    "reader errors registry",
    "layout fsutil podcast_rules categories progress locale",
    "models",
    # Audio files and formats; the languages (what a language's text sounds like: the
    # sentence splitter, the normaliser, the languages' table), which load, script, speech
    # and site all consult.
    "audio language",
    # Input formats -> Article; speech (engines, clips, the clip cache); site generators'
    # folders; the content type of each kind of site file.
    "load speech sitegen content_types",
    # Article -> the spoken script, as the data flows: articles are loaded, then scripted.
    "script",
    # reader.toml: its checks name the engines from the speech registry.
    "config",
    # Clips -> episode files; posts from other platforms -> articles.
    "episode importers",
    # Where episodes are made (this process, a pool, a cluster); feed and pages.
    "run site",
    # The incremental build, and `reader speak` (a build of one article).
    "builder",
    # Commands over the stages: a book from a built site, publishing, preview, the words a
    # voice will guess; counting from access logs.
    "book publish serve words stats",
    # The author's studio: hears, fixes words and approves, over the builder and speech.
    "studio",
    # The command line, and `python -m reader`.
    "cli",
    "__main__",
))
RANK = {stage: rank for rank, layer in enumerate(LAYERS) for stage in layer}


def _module_name(path: Path) -> list[str]:
    parts = ["reader", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _stage(module: list[str]) -> str:
    return module[1] if len(module) > 1 else "reader"


def _imports(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, module imported) for every import of the package's own modules in `path`."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module[:-1]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                yield node.lineno, [*base, *node.module.split(".")]
            else:  # `from .. import x`: the module x, or a name in the package itself
                yield from ((node.lineno, _submodule_or_package(base, alias.name))
                            for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "reader":
            yield node.lineno, (node.module or "").split(".")
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name.split(".")) for alias in node.names
                        if alias.name.split(".")[0] == "reader")


def _submodule_or_package(package: list[str], name: str) -> list[str]:
    folder = PACKAGE.joinpath(*package[1:])
    is_module = (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()
    return [*package, name] if is_module else package


def test_every_stage_is_in_the_table() -> None:
    stages = {_stage(_module_name(path)) for path in PACKAGE.rglob("*.py")}
    assert stages == set(RANK), "add the new stage to LAYERS (or remove the gone one)"


def test_no_module_imports_its_own_layer_or_above() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = _stage(_module_name(path))
        for line, imported in _imports(path):
            target = _stage(imported)
            if target != stage and RANK[target] >= RANK[stage]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {stage} imports "
                              f"{'.'.join(imported)} ({target} is not below it)")
    assert not upward, "\n".join(upward)


def test_imports_inside_functions_and_relative_ones_are_seen() -> None:
    """The walk finds a lazy, relative import (the builder's site phase imports the site
    stage inside the function that writes it) and `from .. import name` of a package."""
    site_phase = list(_imports(PACKAGE / "builder" / "site_writes.py"))
    assert ["reader", "site"] in [imported for _, imported in site_phase]
    feed = [imported for _, imported in _imports(PACKAGE / "site" / "rss.py")]
    assert ["reader"] in feed  # from .. import __version__


def test_engines_are_known_only_through_their_registry() -> None:
    """No module outside the engines imports an engine's module (kokoro, piper, ...): they
    ask the registry (reader/speech/engines/__init__.py), which imports an engine, and what
    it brings (numpy, onnxruntime), only when that engine is used."""
    engines = PACKAGE / "speech" / "engines"
    shared = {"base"}
    direct = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {'.'.join(imported)}"
        for path in sorted(PACKAGE.rglob("*.py")) if engines not in path.parents
        for line, imported in _imports(path)
        if imported[:3] == ["reader", "speech", "engines"] and len(imported) > 3
        and imported[3] not in shared
    ]  # fmt: skip
    assert not direct, "\n".join(direct)

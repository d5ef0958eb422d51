"""The registry of input formats, by file suffix (as Pelican's readers declare theirs).

Discovery (`reader build` walking a folder) and loading (`reader speak`, `reader script`)
both ask this registry, so they can never disagree about which files are articles. A new
format is one parser module and one line in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..registry import load
from .blocks import Parsed


@dataclass(frozen=True)
class InputFormat:
    """One input format: the suffixes it claims and the parser of its body.

    `parser` is "module:function" (reader.registry) so a format's dependencies
    (trafilatura for HTML takes half a second to import) load only when a file of that
    format is read. The function
    takes the body text (front matter already split off) and the source name.
    `front_matter` says whether files of this format may start with front matter; an HTML
    page carries its metadata in its own <head> instead.
    """

    name: str
    suffixes: tuple[str, ...]
    parser: str
    front_matter: bool = True

    def parse(self, body: str, source: str) -> Parsed:
        parse: Callable[[str, str], Parsed] = load(__package__, self.parser)
        return parse(body, source)


FORMATS: tuple[InputFormat, ...] = (
    InputFormat(
        "markdown", (".md", ".markdown", ".mdown", ".mkd"), "markdown:parse_markdown"
    ),
    InputFormat("mdx", (".mdx",), "markdown:parse_mdx"),
    InputFormat("text", (".txt", ".text"), "plaintext:parse_plaintext"),
    InputFormat("html", (".html", ".htm"), "html:parse_html", front_matter=False),
)

_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)


def input_format(path: Path) -> InputFormat | None:
    """The format a file is read as, by its suffix (case-insensitive); None if no format."""
    return _BY_SUFFIX.get(path.suffix.lower())


def describe_suffixes() -> str:
    """".md, .markdown, … or .htm" for messages and help text."""
    names = sorted(SUFFIXES, key=lambda s: (list(_BY_SUFFIX).index(s)))
    return ", ".join(names[:-1]) + " or " + names[-1]

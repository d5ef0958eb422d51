"""The templates' constant words, translated when a template is compiled (Jinja)."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from . import SOURCE_LOCALE, _translations


class ConstantMessages(Extension):
    """Translates each `_("...")` without placeholders once, when a template is compiled for
    a catalogue (`environment.catalogue`), instead of at every page: a site renders thousands
    of pages, and a call from a template costs Jinja a few microseconds. Messages with values
    (`_("Listen: %(title)s", title=...)`) are still translated as the page is rendered."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.extend(catalogue=SOURCE_LOCALE)

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        catalogue = _translations(self.environment.catalogue)  # type: ignore[attr-defined]
        tokens = list(stream)
        at = 0
        while at < len(tokens):
            call = tokens[at:at + 4]
            if [t.type for t in call] == ["name", "lparen", "string", "rparen"] and (
                call[0].value == "_"
            ):
                yield Token(call[0].lineno, "string", catalogue.gettext(call[2].value))
                at += 4
            else:
                yield tokens[at]
                at += 1

"""Bytes to text: UTF-8 first, other encodings detected, binary files refused."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import ArticleError
from .clean import strip_controls

_WESTERN = {"cp1252", "latin_1", "iso8859_15"}
_WESTERN_CHAOS_MARGIN = 0.15
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_text(path: Path) -> str:
    """Read an article file as text with Unix newlines. ArticleError if it is not text."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError("no such file", path=path) from None
    except IsADirectoryError:
        raise ArticleError("is a folder, not an article file", path=path) from None
    except OSError as exc:
        raise ArticleError(f"cannot be read ({exc.strerror})", path=path) from None
    text = _decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    return strip_controls(text)


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if not data.startswith(_BOMS) and b"\x00" in data[:8192]:
        # NUL bytes without a UTF-16 byte-order mark: an image, PDF, archive...
        raise ArticleError("is a binary file, not a text article", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is not None:
        # Short Western-European texts often fit several single-byte code pages equally
        # well and charset-normalizer may pick a Baltic or Central-European one ("crčme",
        # chaos 0.0 against cp1252's 0.1 for a French sentence). Blogs in this tool's
        # languages are far more often Windows-1252, so prefer it when its words are at
        # least as coherent and its chaos is close; a Lithuanian or Czech text's own code
        # page stays more coherent, so it keeps winning.
        for match in matches:
            if (
                match.encoding in _WESTERN
                and match.chaos <= best.chaos + _WESTERN_CHAOS_MARGIN
                and match.coherence >= best.coherence
            ):
                best = match
                break
    if best is None:
        raise ArticleError("is not readable text (unknown encoding); save it as UTF-8", path=path)
    return str(best)

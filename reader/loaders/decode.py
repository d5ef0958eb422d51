"""Bytes to text: UTF-8 first, other encodings detected, binary files refused."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import ArticleError

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
    text = _decode(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


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

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError("is not readable text (unknown encoding); save it as UTF-8", path=path)
    return str(best)

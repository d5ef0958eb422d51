"""Stage 1 — load: an article file in any of the input formats -> Article.

discover.py says which files of a folder are articles; formats.py is the registry of input
formats by suffix (html.py, markdown.py, plaintext.py and the generators' flavours), each
turning a decoded file into Blocks (blocks.py); article.py resolves the metadata
(front_matter.py, meta.py), cleans the text (clean.py), marks the written sentences for the
read-along (sentences.py) and groups the blocks into sections.
"""

from __future__ import annotations

from .article import load_article

__all__ = ["load_article"]

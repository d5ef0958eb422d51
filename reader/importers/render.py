"""One Post as the Markdown article file `reader build` reads: YAML front matter + body."""

from __future__ import annotations

from typing import Any

from ..models import calendar_day
from . import Post
from .html import to_markdown


def file_name(post: Post) -> str:
    """`2025-01-02-my-post.md`: sorted by date in a listing, as Jekyll names posts."""
    return f"{calendar_day(post.date).isoformat()}-{post.slug}.md"


def article_text(post: Post) -> str:
    import yaml

    front: dict[str, Any] = {"title": post.title, "date": post.date.isoformat()}
    front["slug"] = post.slug
    if post.author:
        front["author"] = post.author
    if post.description:
        front["description"] = post.description
    if post.tags:
        front["tags"] = list(post.tags)
    if post.categories:
        front["categories"] = list(post.categories)
    if post.url:
        front["original_url"] = post.url
    if post.lang:
        front["lang"] = post.lang  # the article is spoken, and published, in its language
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{header}---\n\n{to_markdown(post.html)}"

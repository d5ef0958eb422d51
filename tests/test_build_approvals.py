"""Approvals (reader/builder/approvals.py) and `[publish] require_approval` in `reader build`:
the feed holds only approved articles, an article changed since its approval keeps its
approved episode, and without the setting the build publishes everything as before.

The feed is read as podcast apps read it (feedparser); the voice is the test engine (tones),
since which article is published does not depend on what the audio says.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from reader.builder import build_site
from reader.builder.approvals import load_approvals, record_approval, script_fingerprint
from reader.config import load_config
from reader.errors import ConfigError
from reader.load import load_article
from reader.script import make_script

from .conftest import write_article, write_config

NOTES = """\
    Notes are for later. Later never comes.
"""
WALKS = """\
    A walk clears the head. The feet do the thinking.
"""


def _site(tmp_path: Path, *, required: bool) -> tuple[Path, Path, Path]:
    articles = tmp_path / "articles"
    write_article(articles, "2026-01-05-notes.md", NOTES, title="Notes")
    write_article(articles, "2026-02-07-walks.md", WALKS, title="Walks")
    extra = "\n[publish]\nrequire_approval = true\n" if required else ""
    return articles, tmp_path / "output", write_config(tmp_path, extra=extra)


def _approve(config: Path, article: Path) -> None:
    language = load_config(config).podcast.language  # type: ignore[union-attr]
    script = make_script(load_article(article, language))
    record_approval(load_config(config).approvals_path, script.meta.slug,
                    script_fingerprint(script))


def _feed(output: Path) -> dict[str, str]:
    """Title -> enclosure URL of every item of the feed."""
    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    return {entry.title: entry.enclosures[0].href for entry in parsed.entries}


def test_only_approved_articles_reach_the_feed(tmp_path: Path) -> None:
    articles, output, config = _site(tmp_path, required=True)
    lines: list[str] = []
    summary = build_site(articles, output, config, show_progress=False, report=lines.append)
    assert _feed(output) == {}
    assert sorted(summary.held) == ["notes", "walks"]
    assert "awaiting approval 2 (notes, walks)" in lines[-1]

    _approve(config, articles / "2026-02-07-walks.md")
    lines.clear()
    summary = build_site(articles, output, config, show_progress=False, report=lines.append)
    published = _feed(output)
    assert list(published) == ["Walks"]
    assert summary.held == ["notes"] and "(notes)" in lines[-1]
    assert not (output / "notes").exists()  # no page for the unapproved article

    # Changed since its approval: left out again, but its approved episode stays.
    walks = articles / "2026-02-07-walks.md"
    walks.write_text(walks.read_text().replace("The feet", "Your feet"), encoding="utf-8")
    summary = build_site(articles, output, config, show_progress=False, report=lines.append)
    assert _feed(output) == published
    assert sorted(summary.held) == ["notes", "walks"]
    assert (output / published["Walks"].split("/listen/", 1)[1]).is_file()

    # Approved again: the new episode replaces the old one.
    _approve(config, walks)
    build_site(articles, output, config, show_progress=False, report=lines.append)
    now = _feed(output)
    assert list(now) == ["Walks"] and now["Walks"] != published["Walks"]


def test_an_episode_built_before_the_setting_leaves_the_feed_until_approved(
    tmp_path: Path,
) -> None:
    articles, output, config = _site(tmp_path, required=False)
    build_site(articles, output, config, show_progress=False, report=lambda _: None)
    assert sorted(_feed(output)) == ["Notes", "Walks"]  # without the setting: as before
    config.write_text(config.read_text() + "\n[publish]\nrequire_approval = true\n")
    _approve(config, articles / "2026-01-05-notes.md")
    summary = build_site(articles, output, config, show_progress=False, report=lambda _: None)
    assert list(_feed(output)) == ["Notes"]
    assert summary.held == ["walks"] and summary.synthesized == 0


def test_an_approval_keeps_the_authors_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "approvals.toml"
    path.write_text('# checked by Ann\n[approved]\nzebra = "aaaa"  # the long one\n',
                    encoding="utf-8")
    record_approval(path, "alpha", "bbbb")
    record_approval(path, "we\"ird slug", "cccc")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# checked by Ann\n")
    assert "# the long one" in text and text.index("zebra") < text.index("alpha")
    assert load_approvals(path).approved == {
        "zebra": "aaaa", "alpha": "bbbb", 'we"ird slug': "cccc"
    }


def test_a_broken_approvals_file_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "approvals.toml"
    path.write_text("[approved\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="approvals.toml"):
        load_approvals(path)
    with pytest.raises(ConfigError, match="approvals.toml"):
        record_approval(path, "notes", "aaaa")
    assert path.read_text(encoding="utf-8") == "[approved\n"

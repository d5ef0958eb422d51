"""A folder that mixes languages makes one podcast per language: the podcast's language
keeps feed.xml, French and Spanish get feed-fr.xml and feed-es.xml; every article is in
exactly one feed, whose <language> is the article's; the index page offers every feed.
The bookkeeping does not depend on the voice, so these builds speak with `tones`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from mutagen.id3 import ID3

from reader.builder import build_site
from reader.site.check import check_site

from .conftest import episode_file, write_article, write_config
from .test_pages import english_ui_on, outline, words_on

FRENCH = """\
    En 2019, 1 250 habitants ont signé la pétition pour les jardins.

    ## Le premier été

    Il faut compter 12 € par mètre carré. M. Dupont dit que le 1er été fut difficile.
"""
SPANISH = """\
    El 3 de mayo de 2024 abrió el huerto, a 3,5 km del centro.

    ## Las cuentas

    Cuesta 12,50 € al mes y llegan a las 16:30.
"""
ENGLISH = """\
    The garden opened in 2019, two miles from the river.
"""


def mixed_site(tmp_path: Path, extra: str = "") -> dict[str, Path]:
    articles = tmp_path / "articles"
    write_article(articles, "jardins.md", FRENCH, title="Les jardins suspendus",
                  author="Claire Dubois", date="2024-05-01", lang="fr")  # fmt: skip
    write_article(articles, "huerto.md", SPANISH, title="El huerto", author="Lucía Ferrer",
                  date="2024-05-03", language="es")  # fmt: skip
    write_article(articles, "garden.md", ENGLISH, title="The garden", date="2024-05-02")
    return {
        "articles": articles,
        "output": tmp_path / "output",
        "config": write_config(tmp_path, extra=extra),
    }


def build(site: dict[str, Path]) -> object:
    return build_site(site["articles"], site["output"], site["config"], show_progress=False)


def _channel(path: Path) -> ET.Element:
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    return channel


def test_a_mixed_folder_makes_one_feed_per_language(tmp_path: Path) -> None:
    site = mixed_site(tmp_path)
    summary = build(site)
    out = site["output"]
    assert sorted(summary.built) == ["garden.md", "huerto.md", "jardins.md"]  # type: ignore[attr-defined]
    feeds = {path.name: _channel(path) for path in sorted(out.glob("feed*.xml"))}
    assert set(feeds) == {"feed.xml", "feed-es.xml", "feed-fr.xml"}
    language = {name: channel.findtext("language") for name, channel in feeds.items()}
    assert language == {"feed.xml": "en", "feed-es.xml": "es", "feed-fr.xml": "fr"}
    titles = {name: [item.findtext("title") for item in channel.findall("item")]
              for name, channel in feeds.items()}  # fmt: skip
    # Each article in exactly one feed: the one in its language.
    assert titles == {"feed.xml": ["The garden"], "feed-es.xml": ["El huerto"],
                      "feed-fr.xml": ["Les jardins suspendus"]}  # fmt: skip
    assert feeds["feed-fr.xml"].findtext("title") == "Test Cast (français)"
    guids = {channel.findtext("{https://podcastindex.org/namespace/1.0}guid")
             for channel in feeds.values()}  # fmt: skip
    assert len(guids) == 3  # three podcasts
    parsed = feedparser.parse((out / "feed-es.xml").read_bytes())
    assert parsed.feed.language == "es" and parsed.feed.title == "Test Cast (español)"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == ["https://example.com/listen/feed-es.xml"]

    index = (out / "index.html").read_text(encoding="utf-8")
    for name, lang in (("feed.xml", "en"), ("feed-fr.xml", "fr"), ("feed-es.xml", "es")):
        assert re.search(
            rf'<link rel="alternate" type="application/rss\+xml" title="[^"]*" '
            rf'href="{re.escape(name)}" hreflang="{lang}">', index
        ), name
        assert f'value="https://example.com/listen/{name}"' in index  # the Subscribe box
    french_page = (out / "jardins" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in french_page and 'href="../feed-fr.xml"' in french_page
    assert '"feed":"feed-fr.xml"' in (out / "jardins" / "episode.js").read_text(encoding="utf-8")
    assert '<li lang="fr">' in index and '<li lang="es">' in index
    assert ID3(episode_file(out, "huerto"))["TLAN"].text == ["spa"]
    transcript = episode_file(out, "jardins", ".txt").read_text(encoding="utf-8")
    assert "Par Claire Dubois." in transcript and "deux mille dix-neuf" in transcript
    assert not re.search(r"[0-9€]", transcript)
    assert check_site(out) == []


def test_a_language_that_leaves_the_folder_takes_its_feed_along(tmp_path: Path) -> None:
    site = mixed_site(tmp_path)
    build(site)
    out = site["output"]
    (site["articles"] / "huerto.md").unlink()
    summary = build(site)
    assert summary.removed == ["huerto"]  # type: ignore[attr-defined]
    assert not (out / "feed-es.xml").exists()
    assert (out / "feed-fr.xml").is_file()
    assert "feed-es.xml" not in (out / "index.html").read_text(encoding="utf-8")
    assert check_site(out) == []


def test_check_finds_an_episode_in_two_feeds_and_a_feed_the_index_hides(tmp_path: Path) -> None:
    site = mixed_site(tmp_path)
    build(site)
    out = site["output"]
    french = (out / "feed-fr.xml").read_text(encoding="utf-8")
    (out / "feed-it.xml").write_text(french.replace("feed-fr.xml", "feed-it.xml"),
                                     encoding="utf-8")  # fmt: skip
    problems = check_site(out)
    assert any("feed-it.xml" in p and "also in feed-fr.xml" in p for p in problems), problems
    assert any("no <link" in p and "feed-it.xml" in p for p in problems), problems


def test_an_import_source_declares_the_articles_language(tmp_path: Path) -> None:
    """A WordPress export's <language> becomes each article's `lang:`; the article is then
    spoken in it (here French, in a podcast whose language is English)."""
    from reader.importers.session import import_posts
    from reader.load import load_article
    from reader.script import make_script

    fixtures = Path(__file__).parent / "fixtures" / "imports"
    export = (fixtures / "wordpress.xml").read_text(encoding="utf-8")
    french = export.replace("<title>Harbour Notes</title>",
                            "<title>Harbour Notes</title>\n\t<language>fr-FR</language>", 1)
    source = tmp_path / "export.xml"
    source.write_text(french, encoding="utf-8")
    articles = tmp_path / "articles"
    import_posts(str(source), articles, show_progress=False)
    (imported,) = sorted(articles.glob("*.md"))
    assert "\nlang: fr-FR\n" in imported.read_text(encoding="utf-8")
    article = load_article(imported, "en")
    assert article.meta.lang == "fr-FR"
    assert make_script(article).opening[-1].startswith("Par ")


def test_reader_toml_titles_and_describes_a_languages_podcast(tmp_path: Path) -> None:
    site = mixed_site(tmp_path, extra=(
        '\n[podcast.titles]\nfr = "Toits et jardins"\n'
        '\n[podcast.descriptions]\nfr = "Les jardins sur les toits, lus à voix haute."\n'
    ))  # fmt: skip
    build(site)
    french = _channel(site["output"] / "feed-fr.xml")
    assert french.findtext("title") == "Toits et jardins"
    assert french.findtext("description") == "Les jardins sur les toits, lus à voix haute."
    assert _channel(site["output"] / "feed-es.xml").findtext("title") == "Test Cast (español)"
    assert _channel(site["output"] / "feed.xml").findtext("title") == "Test Cast"


def test_in_a_mixed_folder_each_page_speaks_its_articles_language(tmp_path: Path) -> None:
    """French and Spanish articles in an English podcast: their pages have none of the site's
    English words and date themselves as their language does; the index stays English and
    lists each episode's date in the episode's language."""
    articles = tmp_path / "articles"
    write_article(articles, "jardins.md", FRENCH, title="Les jardins suspendus",
                  author="Claire Dubois", date="2026-04-14", lang="fr")  # fmt: skip
    write_article(articles, "huerto.md", SPANISH, title="El huerto", author="Lucía Ferrer",
                  date="2026-04-03", lang="es")  # fmt: skip
    write_article(articles, "garden.md", ENGLISH, title="The garden", date="2026-04-02")
    out = tmp_path / "output"
    assert not build_site(articles, out, write_config(tmp_path), show_progress=False).failed
    french = words_on(outline(out / "jardins" / "index.html"))
    spanish = words_on(outline(out / "huerto" / "index.html"))
    for page in (french, spanish):
        assert english_ui_on(page) == []
    assert "14 avril 2026" in french and "Vitesse" in french and "Chapitres" in french
    assert "3 de abril de 2026" in spanish and "Velocidad" in spanish
    assert "Capítulos" in spanish and "Volver a la voz" in spanish
    # The text before the first heading is a chapter named in the article's language.
    assert "Introducción" in spanish and "Introduction" in french
    index = words_on(outline(out / "index.html"))
    assert "Subscribe" in index and "Copy" in index  # the podcast's language
    assert "14 avril 2026" in index and "3 de abril de 2026" in index
    assert "April 2, 2026" in index
    # The other podcasts of the Subscribe box are named in the index's language.
    assert "The episodes in French, a podcast of their own:" in index
    assert "The episodes in Spanish, a podcast of their own:" in index

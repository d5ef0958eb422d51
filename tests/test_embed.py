"""`reader embed` and what the build writes for it, and `reader check --page`, without a
browser (tests/test_embed_browser.py drives the embed in Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reader.site import write_site
from reader.site.episode_data import episode_script, written_sentences
from reader.site.page_check import check_page
from reader.site.themes import THEMES
from tests.conftest import run_reader

try:  # tests as a package, or as loose modules (pytest's default rootdir import)
    from .site_support import add_episode, site_config
except ImportError:
    from site_support import add_episode, site_config  # type: ignore[no-redef]

BLOGS = Path(__file__).parent / "fixtures" / "blogs"
BODY = (
    '<p><span class="rl" id="s1" data-s="s1">The canal lamps were lit by hand until 1962.</span>'
    ' <span class="rl" id="s2" data-s="s2">A lamplighter walked the towpath at dusk, carrying'
    ' a “long pole” and a tin of oil.</span></p>\n<h2><span class="rl" id="s3" data-s="s3">'
    'The last lamplighter</span></h2>\n<p><span class="rl" id="s4" data-s="s4">His name was '
    'Albert Moss, and he kept a </span><em><span class="rl" data-s="s4">small notebook</span>'
    '</em><span class="rl" data-s="s4"> of every lamp.</span></p>'
)


def test_reader_embed_is_a_command_whose_errors_are_one_line(site: Path) -> None:
    assert "data-read-or-listen" in run_reader("embed", "lamps-on-the-canal", cwd=site).stdout
    bad = run_reader("embed", "Lamps/../x", cwd=site)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "error: 'Lamps/../x' is not a slug (lowercase letters, digits and hyphens, as "
        "`reader build` names the article's folder in the site)"
    ]


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A built site (reader.toml beside output/) with one episode whose page has sentences."""
    config = site_config(tmp_path, base_url="https://listen.example.org/canal/")
    record = add_episode(tmp_path / "output", "lamps-on-the-canal", body_html=BODY,
                         title="Lamps </script><img src=x onerror=alert(1)>")
    write_site(tmp_path / "output", config, [record])
    return tmp_path


def test_the_snippet_names_the_episode_and_the_script_on_the_listening_site(site: Path) -> None:
    done = run_reader("embed", "lamps-on-the-canal", cwd=site)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        '<div class="read-or-listen" data-read-or-listen="lamps-on-the-canal">'
        '<a href="https://listen.example.org/canal/lamps-on-the-canal/">Listen to this article'
        "</a></div>\n"
        '<script src="https://listen.example.org/canal/embed.js" defer></script>\n'
    )
    chosen = run_reader("embed", "lamps-on-the-canal", "--article", 'main ".body"', cwd=site)
    assert 'data-article="main &quot;.body&quot;"' in chosen.stdout


@pytest.mark.parametrize("args", [("embed", "Lamps/../x"), ("embed",),
                                  ("embed", "x", "--theme", "hugo"), ("embed", "--theme", "wix")])
def test_a_bad_slug_or_theme_is_one_line_and_exit_2(site: Path, args: tuple[str, ...]) -> None:
    done = run_reader(*args, cwd=site)
    assert done.returncode == 2 and done.stderr


def test_every_theme_gets_its_file_with_the_listening_sites_address(site: Path) -> None:
    for name, theme in THEMES.items():
        done = run_reader("embed", "--theme", name, cwd=site)
        assert done.returncode == 0, done.stderr
        assert "https://listen.example.org/canal/embed.js" in done.stdout
        assert "data-read-or-listen=" in done.stdout
        assert theme.file in done.stderr  # where to put it
    hugo = run_reader("embed", "--theme", "hugo", cwd=site).stdout
    assert ".Slug" in hugo and "ContentBaseName" in hugo  # front matter slug first
    assert "page.slug" in run_reader("embed", "--theme", "jekyll", cwd=site).stdout
    assert "this.page.fileSlug" in run_reader("embed", "--theme", "eleventy", cwd=site).stdout
    assert "post_name" in run_reader("embed", "--theme", "wordpress", cwd=site).stdout


def test_the_build_writes_the_embed_script_and_each_episodes_data_beside_its_page(
    site: Path,
) -> None:
    output = site / "output"
    script = (output / "embed.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "eval(" not in script and "document.write" not in script
    text = (output / "lamps-on-the-canal" / "episode.js").read_text(encoding="utf-8")
    data = json.loads(text.split("\n")[2])
    assert data["slug"] == "lamps-on-the-canal"
    assert data["title"] == "Lamps </script><img src=x onerror=alert(1)>"  # data, as a string
    assert data["audio"] == "episodes/lamps-on-the-canal.mp3" and data["feed"] == "feed.xml"
    assert data["sentences"] == [
        ["s1", "The canal lamps were lit by hand until 1962."],
        ["s2", "A lamplighter walked the towpath at dusk, carrying a “long pole” and a tin of "
               "oil."],
        ["s3", "The last lamplighter"],
        ["s4", "His name was Albert Moss, and he kept a small notebook of every lamp."],
    ]
    assert [c[0] for c in data["chapters"]] == ["Opening", "Second thoughts"]
    assert len(data["cues"]) == 2  # the episode's sync map


def test_episode_data_is_one_line_of_json_even_with_line_separators() -> None:
    script = episode_script({"slug": "a", "title": "one\u2028two"}).decode("utf-8")
    assert "\u2028" not in script and json.loads(script.split("\n")[2])["title"] == "one\u2028two"


def test_sentences_are_found_in_a_themes_markup_whatever_its_renderer_changed() -> None:
    page = (BLOGS / "twentytwentyfour.html").read_text(encoding="utf-8")
    sentences = written_sentences(BODY)
    result = check_page(page.replace("{{SNIPPET}}", ""), sentences)
    assert result.body == ".entry-content"
    assert result.found == ("s1", "s2", "s3", "s4") and result.missing == ()
    # The comments quote the article, but are not the article.
    result = check_page(page, [["c1", "Lovely."]])
    assert result.found == () and result.missing == ("Lovely.",)


def test_check_page_reports_what_a_blog_page_lacks(site: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    blog = (BLOGS / "twentytwentyfour.html").read_text(encoding="utf-8")
    page.write_text(blog.replace("{{SNIPPET}}", ""), encoding="utf-8")
    done = run_reader("check", "--page", str(page), "lamps-on-the-canal", cwd=site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 of 4 sentences of 'lamps-on-the-canal' found" in done.stdout
    page.write_text(blog.replace("His name was Albert Moss", "His name was A. Moss"),
                    encoding="utf-8")
    done = run_reader("check", "--page", str(page), "lamps-on-the-canal", cwd=site)
    assert done.returncode == 2
    assert "3 of 4 sentences" in done.stdout
    assert "not found: His name was Albert Moss, and he kept a small notebook" in done.stdout
    page.write_text("<html><body><p>Nothing here.</p></body></html>", encoding="utf-8")
    done = run_reader("check", "--page", str(page), "lamps-on-the-canal", cwd=site)
    assert done.returncode == 2 and "no article body found" in done.stdout
    done = run_reader("check", "--page", str(page), "never-built", cwd=site)
    assert done.returncode == 2 and "run `reader build` first" in done.stderr


def test_check_page_reads_a_page_over_http(site: Path, tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    served = tmp_path / "blog"
    served.mkdir()
    blog = (BLOGS / "twentytwentyfour.html").read_text(encoding="utf-8")
    (served / "lamps.html").write_text(blog.replace("{{SNIPPET}}", ""), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/lamps.html"
        done = run_reader("check", "--page", url, "lamps-on-the-canal", cwd=site)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"{url}: 4 of 4 sentences of 'lamps-on-the-canal' found")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_the_hugo_partial_names_each_page_as_reader_build_names_its_article(
    site: Path, tmp_path: Path
) -> None:
    from reader.load import load_article

    blog = tmp_path / "blog"
    posts = blog / "content" / "posts"
    (posts / "my_trip").mkdir(parents=True)
    (blog / "layouts" / "_default").mkdir(parents=True)
    (blog / "layouts" / "partials").mkdir(parents=True)
    (blog / "hugo.toml").write_text('baseURL = "https://blog.example.com/"\ntitle = "T"\n')
    articles = {
        "2024-01-05-first.md": "---\ntitle: A\nslug: custom-slug\n---\nHello there.\n",
        "2024-02-01-Second_Post.md": "---\ntitle: B\n---\nWorld at large.\n",
        "my_trip/index.md": "---\ntitle: C\ndate: 2024-03-01\n---\nA bundle.\n",
    }
    for name, text in articles.items():
        (posts / name).write_text(text, encoding="utf-8")
    (blog / "layouts" / "_default" / "single.html").write_text(
        '<html><body><main>{{ partial "read-or-listen.html" . }}{{ .Content }}</main>'
        "</body></html>\n")
    (blog / "layouts" / "_default" / "list.html").write_text("{{ range .Pages }}{{ end }}")
    partial = run_reader("embed", "--theme", "hugo", cwd=site).stdout
    (blog / "layouts" / "partials" / "read-or-listen.html").write_text(partial)
    subprocess.run(["hugo", "--quiet"], cwd=blog, check=True, timeout=120)
    rendered = {
        match for page in (blog / "public").rglob("index.html")
        for match in re.findall(r'data-read-or-listen="([^"]*)"', page.read_text("utf-8"))
    }
    assert rendered == {load_article(posts / name).meta.slug for name in articles}
    assert rendered == {"custom-slug", "second-post", "my-trip"}


def test_a_french_podcasts_snippet_and_theme_files_link_in_french(tmp_path: Path) -> None:
    """What shows without JavaScript is in the podcast's language, quoted as each file's
    language needs (HTML, a JavaScript template literal, a PHP string)."""
    site_config(tmp_path, base_url="https://listen.example.org/canal/", language="fr")
    link = "Écouter cet article"
    snippet = run_reader("embed", "les-ecluses", cwd=tmp_path).stdout
    assert f'<a href="https://listen.example.org/canal/les-ecluses/">{link}</a>' in snippet
    for name in ("hugo", "jekyll", "eleventy"):
        themed = run_reader("embed", "--theme", name, cwd=tmp_path).stdout
        assert f"/\">{link}</a></div>" in themed, name
    wordpress = run_reader("embed", "--theme", "wordpress", cwd=tmp_path).stdout
    assert f"esc_html( '{link}' )" in wordpress
    assert "Listen to this article" not in snippet
    # A translation with a straight quote or a backslash stays inside its string.
    assert THEMES["wordpress"].quote("l'été \\ ici") == "l\\'été \\\\ ici"
    assert THEMES["eleventy"].quote("a `b` ${c} <d>") == "a &#96;b&#96; &#36;{c} &lt;d&gt;"

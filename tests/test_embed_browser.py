"""The embed on a blog's own pages, in Chromium, with the listening site on another origin.

One small site is built (the test engine `tones`) and served by `reader serve` on one port of
127.0.0.1; hand-written blog pages in the markup of two popular themes (WordPress's Twenty
Twenty-Four and Hugo's PaperMod: navigation, share bars, footnotes, a pull quote and a
newsletter box inside the content, comments quoting the article) are served on another port
(another origin) with a strict Content Security Policy, each with `reader embed SLUG`'s
output pasted in. A click on a sentence in the blog's own text plays from that sentence's
cue; while the voice plays, the blog's own sentence is aria-current; nothing outside the
article body is ever marked; the blog's words are unchanged; no request leaves the two
origins; no console error (a CSP refusal is one); a phone works; axe-core finds nothing on
the blog pages with the embed nor on the listening site's pages, at both widths.
"""

from __future__ import annotations

import functools
import http.server
import json
import textwrap
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.conftest import REPO, run_reader

if __package__:
    from .e2e_support import reader_serve, record_every_mark, reserved_port
    from .test_e2e_browser import DESKTOP, PHONE
else:
    from e2e_support import reader_serve, record_every_mark, reserved_port
    from test_e2e_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

BLOGS = Path(__file__).parent / "fixtures" / "blogs"
AXE = REPO / ".venv" / "test-tools" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA and axe's best practices, and the rule the listening pages once failed
# (voice control users say what they see: WCAG 2.5.3).
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
# On a blog's page axe looks at what the embed adds (the player, the spans around the blog's
# sentences): the rest is the theme's (Twenty Twenty-Four's footnote back-links, "↩︎" named
# "Jump to footnote reference 1", fail label-content-name-mismatch by WordPress's doing).
OURS = ["[data-read-or-listen]", "[data-read-or-listen-s]"]
SEEK_TOLERANCE_S = 0.35
HOST = "document.querySelector('[data-read-or-listen]')"
AUDIO = f"{HOST}.shadowRoot.querySelector('audio')"

ARTICLES = {
    # The file is named otherwise: the front matter's slug is the one the blog has.
    "2026-01-10-canal-lamps.md": """\
        ---
        title: Lamps on the Canal
        date: 2026-01-10
        slug: lamps-on-the-canal
        ---

        The canal lamps were lit by hand until 1962.[^1] A lamplighter walked the towpath at
        dusk, carrying a "long pole" and a tin of oil.

        ## The last lamplighter

        His name was Albert Moss, and he kept a *small notebook* of every lamp.[^2] It listed
        forty-two lamps between the lock and the bridge.

        Some nights the fog was so thick that he counted the lamps by touch.

        ## What is left

        Three of the lamps still stand by the water. The city lights them once a year.

        [^1]: City records.
        [^2]: The notebook is in the museum.
        """,
    "2026-02-01-walking-the-towpath.md": """\
        ---
        title: Walking the Towpath
        date: 2026-02-01
        ---

        The towpath runs for nine miles along the canal. Horses once pulled the barges along
        it.

        ## Starting out

        Begin at the lock at first light. The water is still then, and the herons are fishing.
        """,
    # A French article on a French blog: the player speaks French.
    "2026-03-01-les-ecluses.md": """\
        ---
        title: Les écluses du canal
        date: 2026-03-01
        lang: fr
        ---

        Le canal compte sept écluses. Les péniches les franchissent une à une.

        ## La première écluse

        Elle date de 1820. Son gardien habitait la maison voisine.
        """,
}
# A French blog's article page (its own words, then the snippet).
FRENCH_BLOG = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="UTF-8"><title>Les écluses du canal</title>
<link rel="stylesheet" href="/style.css"></head>
<body><main><article><h1>Les écluses du canal</h1>
<div class="entry-content">
{{SNIPPET}}
<p>Le canal compte sept écluses. Les péniches les franchissent une à une.</p>
<h2>La première écluse</h2>
<p>Elle date de 1820. Son gardien habitait la maison voisine.</p>
</div></article></main></body></html>
"""
CONFIG = """\
[podcast]
title = "Canal Notes, Read Aloud"
description = "A canal blog's articles, read aloud."
author = "Edith Lock"
email = "edith@example.com"
base_url = "{base_url}"
language = "en"
category = "History"

[voice]
engine = "tones"

[cache]
dir = "{cache}"
"""


@dataclass
class Sites:
    listen: str  # the listening site's base URL (one origin)
    blog: str  # the blog's (another)
    output: Path

    def episode(self, slug: str) -> dict[str, Any]:
        text = (self.output / slug / "episode.js").read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(text.split("\n")[2])
        return data


def _csp(listen: str) -> str:
    """What a careful blog sends: scripts only from itself and the listening site, no inline
    script or style, media from the listening site, nothing else from anywhere."""
    origin = listen.rstrip("/")
    return (f"default-src 'self'; script-src 'self' {origin}; media-src {origin}; "
            "style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'")


NONCE = "r0l-test-nonce"
# What a blog with nonces sends: only scripts with the nonce, and what they load themselves.
NONCE_CSP = (f"script-src 'nonce-{NONCE}' 'strict-dynamic'; object-src 'none'; "
             "base-uri 'none'; style-src 'self'")


class _BlogHandler(http.server.SimpleHTTPRequestHandler):
    csp = ""

    def end_headers(self) -> None:
        nonce = self.path.endswith("-nonce.html")
        self.send_header("Content-Security-Policy", NONCE_CSP if nonce else self.csp)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _snippet(workdir: Path, slug: str) -> str:
    return run_reader("embed", slug, cwd=workdir, check=True).stdout


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    workdir = tmp_path_factory.mktemp("embed-site")
    articles = workdir / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with reserved_port() as port:
        base = f"http://127.0.0.1:{port}/"
        (workdir / "reader.toml").write_text(
            CONFIG.format(base_url=base, cache=(workdir / "cache").as_posix()), encoding="utf-8"
        )
        run_reader("build", "articles", "-o", "output", cwd=workdir, check=True)
    blog = workdir / "blog"
    blog.mkdir()
    (blog / "style.css").write_bytes((BLOGS / "style.css").read_bytes())
    blog_pages = {page: (BLOGS / page).read_text(encoding="utf-8")
                  for page in ("twentytwentyfour.html", "papermod.html")}
    blog_pages["ecluses-fr.html"] = FRENCH_BLOG
    for page, slug in (("twentytwentyfour.html", "lamps-on-the-canal"),
                       ("papermod.html", "walking-the-towpath"),
                       ("ecluses-fr.html", "les-ecluses")):
        html = blog_pages[page]
        snippet = _snippet(workdir, slug)
        (blog / page).write_text(html.replace("{{SNIPPET}}", snippet), encoding="utf-8")
        with_nonce = snippet.replace("<script src=", f'<script nonce="{NONCE}" src=')
        (blog / page.replace(".html", "-nonce.html")).write_text(
            html.replace("{{SNIPPET}}", with_nonce), encoding="utf-8")
    with reader_serve(workdir / "output", port) as listen:
        handler = type("Handler", (_BlogHandler,), {"csp": _csp(listen)})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(blog))
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Sites(listen, f"http://127.0.0.1:{server.server_address[1]}/",
                        workdir / "output")
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `bash scripts/ensure-test-tools` (make test does)")
    return AXE.read_text(encoding="utf-8")


@dataclass
class Visit:
    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture()
def visit(browser: Browser, sites: Sites, request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A fresh context at the width the test names (`phone` in its name: a phone); every
    request recorded, and any that would leave the two origins refused."""
    phone = "phone" in request.node.name
    context = browser.new_context(viewport=PHONE if phone else DESKTOP,  # type: ignore[arg-type]
                                  is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1)
    allowed = {_origin(sites.listen), _origin(sites.blog)}
    page = context.new_page()
    seen = Visit(page)
    context.on("request", lambda r: seen.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
    page.on("pageerror", lambda exc: seen.errors.append(f"uncaught: {exc}"))

    def keep_to_the_two_origins(route: Route) -> None:
        url = route.request.url
        if _origin(url) in allowed or url.startswith(("data:", "blob:", "about:")):
            route.fallback()
        else:
            route.abort()

    context.route("**/*", keep_to_the_two_origins)
    yield seen
    context.close()


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# -- what the tests look at -----------------------------------------------------------------------


def open_blog_page(visit: Visit, sites: Sites, name: str) -> None:
    page = visit.page
    page.goto(sites.blog + name)
    page.wait_for_function(
        f"() => {HOST}.getAttribute('data-read-or-listen-state') === 'ready'", timeout=10_000
    )
    page.wait_for_function(f"() => {AUDIO}.readyState >= 1", timeout=10_000)
    record_every_mark(page)


def words_of(page: Page, selector: str) -> str:
    return str(page.evaluate("(s) => document.querySelector(s).textContent", selector))


def sentence_in_blog(page: Page, body: str, written: str) -> str:
    """The sentence id the embed gave the blog's own text that starts with `written`."""
    found: list[str] = page.evaluate(
        """([body, written]) => [...new Set(Array.from(document.querySelectorAll(
                body + ' [data-read-or-listen-s]'))
            .filter(el => el.textContent.replace(/\\s+/g, ' ').trim().startsWith(written))
            .map(el => el.getAttribute('data-read-or-listen-s')))]""",
        [body, written],
    )
    assert len(found) == 1, f"{found} marks start with {written!r}"
    return found[0]


def first_cue(episode: dict[str, Any], sentence: str) -> tuple[float, float]:
    start, end = next((c[1], c[2]) for c in episode["cues"] if c[0] == sentence)
    return float(start), float(end)


def click_and_read_time(page: Page, written: str) -> float:
    page.evaluate(f"() => window.addEventListener('click', () => {{ window.__afterClick ="
                  f" {AUDIO}.currentTime; }}, {{once: true}})")
    page.locator("[data-read-or-listen-s]", has_text=written).first.click()
    return float(page.evaluate("() => window.__afterClick"))


def marked_while_playing(page: Page, start: float, end: float) -> dict[str, Any]:
    """Play from inside a cue, wait until the voice is in it, and say what is marked."""
    page.evaluate(f"(t) => {{ const a = {AUDIO}; a.currentTime = t;"
                  " if (a.paused) a.play().catch(() => {}); }", start + 0.02)
    page.wait_for_function(f"(t) => !{AUDIO}.paused && {AUDIO}.currentTime >= t",
                           arg=min(start + 0.2, (start + end) / 2), timeout=10_000)
    now: dict[str, Any] = page.evaluate(
        f"""() => {{
            const marked = Array.from(document.querySelectorAll('[aria-current=true]'));
            return {{ids: [...new Set(marked.map(el => el.getAttribute('data-read-or-listen-s')))],
                     text: marked.map(el => el.textContent).join(''),
                     time: {AUDIO}.currentTime}};
        }}"""
    )
    return now


def stop_playing(page: Page) -> None:
    page.evaluate(
        f"""async () => {{
            const a = {AUDIO};
            if (!a.paused && a.readyState < 3) {{
                await new Promise(done => {{
                    a.addEventListener('playing', done, {{once: true}});
                    setTimeout(done, 3000);
                }});
            }}
            a.pause();
        }}"""
    )


def marked_outside(page: Page, body: str) -> list[str]:
    """Everything ever marked that is not the blog's own article text."""
    found: list[str] = page.evaluate(
        """(body) => window.__marked
            .filter(el => !el.closest(body) || el.closest(
                'aside, figure, .wp-block-pullquote, .comments, #comments, .footnotes,'
                + ' .wp-block-footnotes, .sharedaddy, .share-buttons, nav'))
            .map(el => el.outerHTML)""",
        body,
    )
    return found


def axe_violations(page: Page, axe_source: str, *, only: list[str] | None = None) -> list[str]:
    """axe-core's findings on the page as it is now (shadow roots included), or on the parts
    `only` selects. Injected through the DevTools protocol, which the page's CSP does not
    govern."""
    page.evaluate(axe_source)
    context = {"include": [[selector] for selector in only]} if only else None
    results: dict[str, Any] = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, AXE_OPTIONS]
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" > ".join(map(str, node["target"])) for node in v["nodes"][:3])
        for v in results["violations"]
    ]


def outside_requests(visit: Visit, sites: Sites) -> list[str]:
    allowed = {_origin(sites.listen), _origin(sites.blog)}
    return [u for u in visit.requests if _origin(u) not in allowed
            and not u.startswith(("data:", "blob:", "about:"))]


# -- the tests ---------------------------------------------------------------------------------


def test_on_a_wordpress_page_a_click_plays_from_the_blogs_own_sentence(
    sites: Sites, visit: Visit, axe_source: str
) -> None:
    page, body = visit.page, ".entry-content"
    episode = sites.episode("lamps-on-the-canal")
    page.goto(sites.blog + "twentytwentyfour.html")
    before = words_of(page, body)
    open_blog_page(visit, sites, "twentytwentyfour.html")
    # Every written sentence of the episode is found in the blog's text, despite &nbsp;,
    # curly quotes, footnote markers, a pull quote and a box repeating some of them.
    found = page.evaluate(f"() => {HOST}.getAttribute('data-read-or-listen-found')")
    assert found == str(len(episode["sentences"]))
    assert words_of(page, body) == before  # the blog's words are unchanged, only wrapped

    problems: list[str] = []
    fog = sentence_in_blog(page, body, "Some nights the fog was so thick")
    start, end = first_cue(episode, fog)
    now = click_and_read_time(page, "Some nights the fog was so thick")
    if abs(now - start) > SEEK_TOLERANCE_S:
        problems.append(f"a click on the fog sentence plays from {now:.2f} s, not {start:.2f} s")
    moss = sentence_in_blog(page, body, "His name was Albert Moss")
    marked = marked_while_playing(page, *first_cue(episode, moss))
    if marked["ids"] != [moss] or not marked["text"].startswith("His name was Albert Moss"):
        problems.append(f"while the voice says Albert Moss's sentence, {marked} is marked")
    marked = marked_while_playing(page, start, end)
    if marked["ids"] != [fog]:
        problems.append(f"while the voice says the fog sentence, {marked} is marked")
    stop_playing(page)
    problems += [f"marked outside the article: {html}" for html in marked_outside(page, body)]
    problems += [f"console: {error}" for error in visit.errors]
    problems += [f"left the two origins: {url}" for url in outside_requests(visit, sites)]
    problems += axe_violations(page, axe_source, only=OURS)
    assert problems == []


def test_on_a_hugo_papermod_page_on_a_phone(sites: Sites, visit: Visit, axe_source: str) -> None:
    page, body = visit.page, ".post-content"
    episode = sites.episode("walking-the-towpath")
    open_blog_page(visit, sites, "papermod.html")
    problems: list[str] = []
    found = page.evaluate(f"() => {HOST}.getAttribute('data-read-or-listen-found')")
    if found != str(len(episode["sentences"])):
        problems.append(f"{found} of {len(episode['sentences'])} sentences found")
    lock = sentence_in_blog(page, body, "Begin at the lock at first light.")
    start, end = first_cue(episode, lock)
    now = click_and_read_time(page, "Begin at the lock at first light.")
    if abs(now - start) > SEEK_TOLERANCE_S:
        problems.append(f"a tap on a sentence plays from {now:.2f} s, not {start:.2f} s")
    marked = marked_while_playing(page, start, end)
    if marked["ids"] != [lock]:
        problems.append(f"while the voice says {lock}, {marked} is marked")
    stop_playing(page)
    # The player fits the phone's width, and its controls are big enough to tap.
    box = page.evaluate(f"""() => {{ const r = {HOST}.getBoundingClientRect();
        const small = Array.from({HOST}.shadowRoot.querySelectorAll('button, select'))
            .filter(el => el.getBoundingClientRect().height < 44 && el.offsetParent)
            .map(el => el.textContent);
        return {{right: r.right, width: window.innerWidth, small}}; }}""")
    if box["right"] > box["width"]:
        problems.append(f"the player is wider than the phone: {box}")
    if box["small"]:
        problems.append(f"controls smaller than 44 px: {box['small']}")
    # The blog's own rules (`audio {display: none}`, red 30 px buttons) do not reach it.
    looks = page.evaluate(f"""() => {{ const root = {HOST}.shadowRoot;
        const button = getComputedStyle(root.querySelector('button'));
        return {{audio: getComputedStyle(root.querySelector('audio')).display,
                 background: button.backgroundColor, size: button.fontSize}}; }}""")
    if looks != {"audio": "block", "background": "rgb(255, 255, 255)", "size": "16px"}:
        problems.append(f"the blog's styles reach into the player: {looks}")
    problems += [f"marked outside the article: {html}" for html in marked_outside(page, body)]
    problems += [f"console: {error}" for error in visit.errors]
    problems += [f"left the two origins: {url}" for url in outside_requests(visit, sites)]
    problems += axe_violations(page, axe_source, only=OURS)
    assert problems == []


def test_the_embeds_controls_skip_change_speed_and_seek_chapters(
    sites: Sites, visit: Visit
) -> None:
    page = visit.page
    episode = sites.episode("lamps-on-the-canal")
    open_blog_page(visit, sites, "twentytwentyfour.html")
    page.get_by_text("Chapters").click()
    title, start = episode["chapters"][1]
    page.get_by_role("button", name=title).click()
    at = float(page.evaluate(f"() => {AUDIO}.currentTime"))
    stop_playing(page)
    assert abs(at - start) < 1.0, f"chapter {title!r} plays from {at:.2f} s, not {start:.2f} s"
    page.get_by_role("button", name="Back 15 s").click()
    assert float(page.evaluate(f"() => {AUDIO}.currentTime")) < max(0.5, at - 14)
    page.get_by_label("Speed").select_option("1.5")
    assert page.evaluate(f"() => {AUDIO}.playbackRate") == 1.5
    links = page.evaluate(f"""() => Array.from({HOST}.shadowRoot.querySelectorAll('a'))
        .map(a => [a.textContent, a.href])""")
    assert ["Listen in your podcast app", sites.listen + "feed.xml"] in links
    assert [f"Download ({episode['label']})", sites.listen + episode["audio"]] in links
    assert visit.errors == []


# The player's English words (what it said before it spoke the page's language).
ENGLISH_PLAYER = ("Listen to this article", "Listen:", "Back 15 s", "Forward 30 s", "Speed",
                  "Chapters", "Download", "Listen in your podcast app", "Back to the voice")


def test_on_a_french_blog_the_players_controls_are_french(sites: Sites, visit: Visit) -> None:
    page = visit.page
    open_blog_page(visit, sites, "ecluses-fr.html")
    page.get_by_text("Chapitres").click()
    # Everything the shadow root shows or names: its text (options included) and its labels.
    shown = page.evaluate(f"""() => {{
        const root = {HOST}.shadowRoot;
        const labels = Array.from(root.querySelectorAll('[aria-label]'))
            .map(e => e.getAttribute('aria-label'));
        return [root.textContent, ...labels].join(' | ');
    }}""")
    assert [english for english in ENGLISH_PLAYER if english in shown] == []
    nbsp = "\u00a0"  # French: a no-break space between a number and its unit
    for french in ("Écouter cet article", f"Reculer de 15{nbsp}s", f"Avancer de 30{nbsp}s",
                   "Vitesse", "Chapitres", "Écouter dans votre application de podcasts",
                   "Revenir à la voix", "Télécharger (MP3)", "Écouter\u00a0: Les écluses",
                   "1,5×", "0,75×"):  # French decimals have a comma
        assert french in shown, french
    page.get_by_role("button", name=f"Reculer de 15{nbsp}s").click()
    page.get_by_label("Vitesse").select_option("1.5")
    assert page.evaluate(f"() => {AUDIO}.playbackRate") == 1.5
    assert visit.errors == []


def test_the_french_listening_page_is_french_once_its_script_runs(
    sites: Sites, visit: Visit
) -> None:
    """What read-along.js adds (the speed menu) is written as the page's language writes it."""
    page = visit.page
    page.goto(sites.listen + "les-ecluses/")
    page.wait_for_function("() => document.querySelectorAll('#speed option').length > 0")
    speeds = page.evaluate("() => Array.from(document.querySelectorAll('#speed option'))"
                           ".map(o => o.textContent)")
    assert speeds == ["0,75×", "1×", "1,25×", "1,5×", "1,75×", "2×"]
    shown = page.evaluate("() => document.body.innerText")
    assert [english for english in ENGLISH_PLAYER if english in shown] == []
    assert "Vitesse" in shown and "Tous les épisodes" in shown
    assert visit.errors == []


def test_under_a_nonce_and_strict_dynamic_csp_the_embed_loads_its_data(
    sites: Sites, visit: Visit
) -> None:
    """The snippet's <script> with the blog's nonce: the episode's data file, which the embed
    adds itself, is trusted through 'strict-dynamic' (docs/embed.md says so)."""
    open_blog_page(visit, sites, "papermod-nonce.html")
    found = visit.page.evaluate(f"() => {HOST}.getAttribute('data-read-or-listen-found')")
    assert found == str(len(sites.episode("walking-the-towpath")["sentences"]))
    assert visit.errors == []


def test_without_javascript_the_snippet_is_a_link_to_the_episode(
    browser: Browser, sites: Sites
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sites.blog + "papermod.html")
        link = page.get_by_role("link", name="Listen to this article")
        assert link.get_attribute("href") == sites.listen + "walking-the-towpath/"
    finally:
        context.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_listening_sites_pages_pass_axe(
    browser: Browser, sites: Sites, axe_source: str, width: str
) -> None:
    phone = width == "phone"
    context = browser.new_context(viewport=PHONE if phone else DESKTOP,  # type: ignore[arg-type]
                                  is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        problems = []
        for path in ("", "lamps-on-the-canal/", "les-ecluses/"):
            page.goto(sites.listen + path)
            if path:
                page.wait_for_selector("body[data-read-along=ready]", timeout=10_000)
            problems += [f"{path or 'index'}: {v}" for v in axe_violations(page, axe_source)]
        assert problems == []
    finally:
        context.close()

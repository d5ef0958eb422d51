"""The studio's pages in headless Chromium (Debian's, through Playwright): they load with no
console error, no request refused and no axe-core violation (axe.min.js from the
axe-playwright-python wheel, nothing downloaded); a click on a sentence plays its clip; and
the whole loop an author goes through: open, play, fix a word, hear it, approve.
The voice is the test engine (tones): what is checked is which clip plays, not its sound.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .studio_support import NAME, Blog, Client, copy_blog, make_blog, start

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Blog:
    return make_blog(tmp_path_factory.mktemp("blog"))


@pytest.fixture()
def studio_blog(built: Blog, tmp_path: Path) -> Iterator[tuple[Blog, Client]]:
    blog = copy_blog(built, tmp_path / "blog")
    studio = start(blog)
    try:
        yield blog, Client(studio)
    finally:
        studio.stop()


class Visit:
    """A page of the studio with every console error and refused request recorded."""

    def __init__(self, browser: Any, client: Client) -> None:
        self.context = browser.new_context(viewport=DESKTOP)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(
            f"{r.status} {r.url}"))
        self.client = client

    def open(self, path: str) -> Any:
        self.page.goto(f"{self.client.base}{path}?token={self.client.token}")
        return self.page

    def axe(self) -> list[str]:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])})"
                for v in results.response["violations"]]


@pytest.fixture()
def visit(browser: Any, studio_blog: tuple[Blog, Client]) -> Iterator[Visit]:
    opened = Visit(browser, studio_blog[1])
    yield opened
    opened.context.close()


def _playing(page: Any) -> str:
    """The clip the page's player has played past its start (waits until it has)."""
    page.wait_for_function(
        "() => { const p = document.getElementById('player');"
        " return p.src && p.currentTime > 0; }", timeout=10_000
    )
    src: str = page.eval_on_selector("#player", "p => p.src")
    return src.split("?")[0].split(":", 2)[-1].split("/", 1)[1]


def test_the_pages_load_cleanly_and_pass_axe(visit: Visit) -> None:
    page = visit.open("/")
    rows = page.locator("table.articles tbody tr")
    assert rows.count() == 2
    assert page.locator("tr[data-slug='notes'] .state").text_content() == "built"
    assert visit.axe() == []

    page.click("text=Notes")
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator(f"mark.guess[data-word='{NAME}']").count() == 2  # marked in the text
    assert page.locator("#s2").text_content() == f"{NAME} keeps his in a drawer."
    assert visit.axe() == []
    assert visit.errors == []


def test_a_click_on_a_sentence_plays_it(
    visit: Visit, studio_blog: tuple[Blog, Client]
) -> None:
    blog, client = studio_blog
    notes = blog.articles / "2026-01-05-notes.md"
    notes.write_text(notes.read_text().replace("The hands are", "Both hands are"))
    page = visit.open("/articles/notes")
    page.wait_for_selector("body[data-ready='true']")
    # The edited sentence: changed since the build, and not spoken yet.
    assert page.locator("[data-s].changed").all_text_contents() == ["Both hands are busy."]
    assert {"missing", "changed"} <= set(page.locator("#s4").get_attribute("class").split())
    assert client.clips("notes")["s4"] is None
    page.click("#s4")  # spoken on demand, then played
    played = "/" + _playing(page)
    clips = client.clips("notes")
    assert played == clips["s4"] is not None
    assert "missing" not in page.locator("#s4").get_attribute("class").split()
    # The keyboard: the next sentence, and Enter plays it.
    page.focus("#s4")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.getElementById('player').src.includes('{clips['s5'][1:]}')"
    )
    assert visit.errors == []


def test_the_whole_loop_open_play_fix_hear_approve(
    visit: Visit, studio_blog: tuple[Blog, Client]
) -> None:
    blog, client = studio_blog
    before = client.clips("notes")
    page = visit.open("/")
    page.click("text=Notes")
    page.wait_for_selector("body[data-ready='true']")

    page.click("#s1")  # play
    assert "/" + _playing(page) == before["s1"]

    page.click(f"mark.guess[data-word='{NAME}'] >> nth=0")  # the word: heard, phonemes shown
    page.wait_for_selector("#word-panel:not([hidden])")
    assert page.locator("#word-title").text_content() == NAME
    page.check("input[value='respelling']")
    page.fill("#fix", "voy check offski")
    page.click("#preview")  # the live preview plays the respelling
    page.wait_for_function("() => document.getElementById('status').textContent"
                           ".startsWith('Playing')")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('status').textContent"
                           ".includes('spoken again')")
    assert "2 sentences spoken again" in page.locator("#status").text_content()
    assert f'{NAME} = "voy check offski"' in blog.lexicon.read_text(encoding="utf-8")
    after = client.clips("notes")
    assert "/" + _playing(page) == after["s2"] != before["s2"]  # the fix, heard in place
    assert page.locator("mark.guess").count() == 0  # fixed: no longer a guess

    page.click("#undo")  # undo puts the word back
    page.wait_for_function("() => document.getElementById('status').textContent"
                           ".startsWith('Undone')")
    assert NAME not in blog.lexicon.read_text(encoding="utf-8")
    assert client.clips("notes") == before

    page.click("#approve")
    page.wait_for_function("() => document.getElementById('state').textContent === 'approved'")
    assert "notes" in (blog.root / "approvals.toml").read_text(encoding="utf-8")
    assert visit.errors == []


def test_choosing_a_voice_by_ear(visit: Visit, studio_blog: tuple[Blog, Client]) -> None:
    blog, _ = studio_blog
    page = visit.open("/articles/walks")
    page.wait_for_selector("body[data-ready='true']")
    page.click("#voices-load")
    page.click("text=Hear hum")
    _playing(page)
    page.click("text=Use hum")
    page.wait_for_selector("text=hum (in use)")
    assert 'voice = "hum"' in blog.config.read_text(encoding="utf-8")
    assert visit.axe() == []
    assert visit.errors == []

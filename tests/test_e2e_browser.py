"""A reader opens the served pages in a real browser (Debian's Chromium, headless).

On an article page the title and text show, the player loads the served MP3's metadata, each
chapter button moves the player to that chapter's start (taken from the episode's chapters
JSON, not from the page), the transcript is there, and the page is accessible (lang, one h1,
labelled controls). The index lists every episode and its links open them. Both pages are
readable at 375 px and at desktop width (screenshots in tests/artifacts/), log no console
errors, and make no request that leaves 127.0.0.1.

Each check returns a list of problems, so the same functions can be pointed at a page broken
on purpose (served through Playwright's routing) and shown to complain.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from mutagen.mp3 import MP3
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route

if __package__:
    from .conftest import episode_file
    from .e2e_support import ARTIFACTS, SampleArticle, ServedSite, record_every_mark, served_site  # noqa: F401
else:
    from conftest import episode_file
    from e2e_support import ARTIFACTS, SampleArticle, ServedSite, record_every_mark, served_site  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1"}
LOCAL_SCHEMES = {"data", "blob", "about"}
# After a click the player starts playing, so currentTime moves on while we read it.
SEEK_TOLERANCE_S = 0.5
MIN_BODY_FONT_PX = 16  # the usual floor for comfortable reading on a phone
MIN_TOUCH_PX = 44


# -- browser, contexts and what they record ----------------------------------------------------


@dataclass
class Recorder:
    """Every request a context makes, and every console error or uncaught exception."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def watch(self, page: Page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))


def is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@dataclass
class Visit:
    context: BrowserContext
    page: Page
    recorder: Recorder


def open_context(browser: Browser, viewport: dict[str, int], *, phone: bool = False) -> Visit:
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    recorder = Recorder()
    context.on("request", lambda request: recorder.requests.append(request.url))

    def keep_it_local(route: Route) -> None:
        # Recorded above; never actually sent, so a stray request cannot hang on DNS.
        if is_local(route.request.url):
            route.fallback()
        else:
            route.abort()

    context.route("**/*", keep_it_local)
    page = context.new_page()
    recorder.watch(page)
    return Visit(context, page, recorder)


@pytest.fixture()
def desktop(browser: Browser) -> Iterator[Visit]:
    visit = open_context(browser, DESKTOP)
    yield visit
    visit.context.close()


@pytest.fixture()
def phone(browser: Browser) -> Iterator[Visit]:
    visit = open_context(browser, PHONE, phone=True)
    yield visit
    visit.context.close()


# -- what the site should hold -----------------------------------------------------------------


def chapters_of(site: ServedSite, article: SampleArticle) -> list[dict[str, Any]]:
    path = episode_file(site.folder, article.slug, ".chapters.json")
    chapters: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["chapters"]
    return chapters


def mp3_seconds(site: ServedSite, article: SampleArticle) -> float:
    return float(MP3(episode_file(site.folder, article.slug)).info.length)


def page_url(site: ServedSite, article: SampleArticle) -> str:
    return site.url(f"{article.slug}/")


# -- the checks ----------------------------------------------------------------------------------


def check_accessible_basics(page: Page, title: str | None = None) -> list[str]:
    """`lang` on <html>, exactly one h1 (with the expected title), every control labelled."""
    problems = []
    if not (page.get_attribute("html", "lang") or "").strip():
        problems.append("<html> has no lang")
    headings = page.locator("h1").all_inner_texts()
    if len(headings) != 1:
        problems.append(f"{len(headings)} h1 elements, expected 1: {headings}")
    elif title is not None and headings[0].strip() != title:
        problems.append(f"h1 is {headings[0]!r}, expected {title!r}")
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'button, input:not([type=hidden]), select, textarea, audio, video, [role=button]'))
            .filter(el => !((el.getAttribute('aria-label') || '').trim()
                || el.getAttribute('aria-labelledby')
                || (el.labels && el.labels.length)
                || ((el.tagName === 'BUTTON' || el.getAttribute('role') === 'button')
                    && el.textContent.trim())))
            .map(el => el.outerHTML.slice(0, 120))"""
    )
    problems += [f"control without a label: {html}" for html in unlabelled]
    return problems


def check_readable(page: Page, width: int) -> list[str]:
    """The layout fits the screen (no sideways scrolling) and body text is large enough."""
    problems = []
    inner, scroll = page.evaluate(
        "() => [window.innerWidth, document.documentElement.scrollWidth]"
    )
    if inner != width:
        problems.append(f"layout viewport is {inner} px wide on a {width} px screen "
                        "(missing <meta name=viewport>?)")
    if scroll > inner:
        problems.append(f"page is {scroll} px wide on a {inner} px screen: it scrolls sideways")
    font_px = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    if font_px < MIN_BODY_FONT_PX:
        problems.append(f"body text is {font_px} px, below {MIN_BODY_FONT_PX} px")
    return problems


def check_touch_targets(page: Page) -> list[str]:
    """On a phone every button is big enough to hit with a thumb (WCAG 2.5.5: 44 px)."""
    small = page.evaluate(
        """(minimum) => Array.from(document.querySelectorAll('button, [role=button]'))
            .filter(el => el.getClientRects().length)
            .map(el => [el.textContent.trim(), el.getBoundingClientRect().height])
            .filter(([, height]) => height < minimum)""",
        MIN_TOUCH_PX,
    )
    return [f"button {text!r} is {height:.0f} px tall, below {MIN_TOUCH_PX} px"
            for text, height in small]


def check_images(page: Page) -> list[str]:
    """Every image (the cover art, figures) has arrived, and none lies over a framed box
    (a float that its container does not hold ends up over the next box's border)."""
    page.wait_for_function(
        "() => Array.from(document.images).every(img => img.complete)", timeout=10_000
    )
    broken = page.evaluate(
        "() => Array.from(document.images).filter(img => !img.naturalWidth).map(img => img.src)"
    )
    overlaps = page.evaluate(
        """() => {
            const framed = Array.from(document.querySelectorAll('body *')).filter(el => {
                const s = getComputedStyle(el);
                return ['Top', 'Right', 'Bottom', 'Left'].some(
                    side => parseFloat(s['border' + side + 'Width']) > 0) &&
                    el.getClientRects().length;
            });
            const found = [];
            for (const img of document.images) {
                const a = img.getBoundingClientRect();
                for (const box of framed) {
                    if (box.contains(img) || img.contains(box)) continue;
                    const b = box.getBoundingClientRect();
                    if (a.left < b.right && b.left < a.right && a.top < b.bottom
                        && b.top < a.bottom) {
                        found.push(img.getAttribute('src') + ' lies over <'
                                   + box.tagName.toLowerCase() + ' class="' + box.className
                                   + '">');
                    }
                }
            }
            return found;
        }"""
    )
    return [f"image does not load: {src}" for src in broken] + list(overlaps)


def wait_for_audio_metadata(page: Page) -> dict[str, Any]:
    """Wait until the player knows its duration; return duration and source."""
    page.wait_for_function(
        "() => { const a = document.querySelector('audio');"
        " return a && (a.readyState >= 1 || a.error); }",
        timeout=10_000,
    )
    info: dict[str, Any] = page.evaluate(
        "() => { const a = document.querySelector('audio');"
        " return {duration: a.duration, src: a.currentSrc,"
        " error: a.error ? a.error.code : null}; }"
    )
    return info


def check_player(page: Page, site: ServedSite, article: SampleArticle) -> list[str]:
    """The audio element loads the served MP3's metadata, and its duration is the episode's."""
    info = wait_for_audio_metadata(page)
    expected_src = site.url(f"episodes/{episode_file(site.folder, article.slug).name}")
    problems = []
    if info["error"] is not None:
        problems.append(f"the player failed to load its audio (MediaError {info['error']})")
    if info["src"] != expected_src:
        problems.append(f"the player plays {info['src']!r}, not {expected_src!r}")
    seconds = mp3_seconds(site, article)
    if not info["duration"] or abs(info["duration"] - seconds) > 1.0:
        problems.append(f"the player says {info['duration']} s, the MP3 lasts {seconds:.2f} s")
    return problems


def check_chapter_seeking(page: Page, chapters: list[dict[str, Any]]) -> list[str]:
    """Clicking each chapter's control puts the player at that chapter's start."""
    wait_for_audio_metadata(page)
    problems = []
    for chapter in chapters:
        title, start = chapter["title"], float(chapter["startTime"])
        control = page.get_by_role("button", name=title)
        if control.count() == 0:
            problems.append(f"no button for chapter {title!r}")
            continue
        now = click_and_read_time(page, control.first)
        if abs(now - start) > SEEK_TOLERANCE_S:
            problems.append(f"chapter {title!r} seeks to {now:.2f} s, it starts at {start:.2f} s")
    stop_playing(page)
    return problems


def click_and_read_time(page: Page, target: Locator) -> float:
    """Click `target` and return the player's currentTime as the click ends: a listener on
    window runs after the page's own, so this is where the click put the player, not where
    it has played on to a round trip later (a busy machine makes that a second or more)."""
    page.evaluate("() => window.addEventListener('click', () => { window.__afterClick ="
                  " document.querySelector('audio').currentTime; }, {once: true})")
    target.click()
    return float(page.evaluate("() => window.__afterClick"))


def stop_playing(page: Page) -> None:
    """Pause the player once it is really playing: pausing earlier would reject the page's own
    pending play() -- our doing, not the page's -- and show up as a console error."""
    page.evaluate(
        """async () => {
            const a = document.querySelector('audio');
            if (!a.paused && a.readyState < 3) {
                await new Promise(done => {
                    a.addEventListener('playing', done, {once: true});
                    setTimeout(done, 3000);
                });
            }
            a.pause();
        }"""
    )


def check_article_text(page: Page, article: SampleArticle) -> list[str]:
    """The reading half: title and article text are visible."""
    problems = []
    if not page.get_by_text(article.opening_sentence).first.is_visible():
        problems.append(f"the article's text {article.opening_sentence!r} is not visible")
    if page.title().find(article.title) < 0:
        problems.append(f"<title> {page.title()!r} does not name the article")
    return problems


def check_transcript(page: Page, site: ServedSite, article: SampleArticle) -> list[str]:
    """Everything the narrator says (the episode's .txt transcript) can be read on the page."""
    spoken = episode_file(site.folder, article.slug, ".txt").read_text(encoding="utf-8")
    section = page.locator("section", has=page.get_by_role("heading", name="Transcript"))
    if section.count() != 1:
        return [f"{section.count()} transcript sections, expected 1"]
    summary = section.locator("details > summary")
    if summary.count():
        summary.first.click()  # folded away until asked for; a reader opens it
    shown = " ".join(section.inner_text().split())
    missing = [line for line in (" ".join(raw.split()) for raw in spoken.splitlines())
               if line and line not in shown]
    return [f"transcript line not shown: {line!r}" for line in missing]


def check_no_remote_requests(recorder: Recorder) -> list[str]:
    return [f"request leaves 127.0.0.1: {url}" for url in recorder.remote_requests()]


def check_no_console_errors(recorder: Recorder) -> list[str]:
    return [f"console error: {text}" for text in recorder.console_errors]


def check_index(page: Page, site: ServedSite) -> list[str]:
    """Every episode is listed with a link, and each link opens that episode's page."""
    problems = check_accessible_basics(page)
    for article in site.articles:
        link = page.get_by_role("link", name=article.title, exact=True)
        if link.count() != 1:
            problems.append(f"{link.count()} links to {article.title!r}, expected 1")
            continue
        with page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        if response is None or response.status != 200:
            problems.append(f"the link to {article.title!r} answered "
                            f"{response.status if response else 'nothing'}")
        elif page.url != page_url(site, article):
            problems.append(f"the link to {article.title!r} opened {page.url}")
        elif (h1 := page.locator("h1").inner_text().strip()) != article.title:
            problems.append(f"the page of {article.title!r} has h1 {h1!r}")
        page.go_back()
    return problems


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# -- the tests -------------------------------------------------------------------------------------


def test_an_article_page_reads_plays_and_seeks(served_site: ServedSite, desktop: Visit) -> None:
    article = served_site.articles[0]
    page = desktop.page
    page.goto(page_url(served_site, article))
    problems = check_accessible_basics(page, article.title)
    problems += check_article_text(page, article)
    problems += check_player(page, served_site, article)
    problems += check_chapter_seeking(page, chapters_of(served_site, article))
    problems += check_transcript(page, served_site, article)
    problems += check_readable(page, DESKTOP["width"])
    problems += check_images(page)
    screenshot(page, "article-desktop")
    problems += check_no_console_errors(desktop.recorder)
    problems += check_no_remote_requests(desktop.recorder)
    assert problems == []
    mp3 = episode_file(served_site.folder, article.slug).name
    assert any(url.endswith(f"episodes/{mp3}") for url in desktop.recorder.requests)


def test_the_index_lists_every_episode_and_its_links_work(
    served_site: ServedSite, desktop: Visit
) -> None:
    page = desktop.page
    page.goto(served_site.url())
    problems = check_images(page)
    screenshot(page, "index-desktop")
    problems += check_index(page, served_site)
    problems += check_readable(page, DESKTOP["width"])
    problems += check_no_console_errors(desktop.recorder)
    problems += check_no_remote_requests(desktop.recorder)
    assert problems == []


def test_the_index_copy_button_copies_the_feed_address(
    served_site: ServedSite, desktop: Visit
) -> None:
    """No script inline: read-along.js wires the Copy button, which says what the page's
    data-copied says once the address is on the clipboard."""
    desktop.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = desktop.page
    page.goto(served_site.url())
    page.get_by_role("button", name="Copy").first.click()
    page.get_by_role("button", name="Copied").wait_for(timeout=5_000)
    assert page.evaluate("() => navigator.clipboard.readText()") == served_site.feed_url
    assert check_no_console_errors(desktop.recorder) == []


def test_both_pages_are_readable_on_a_phone(served_site: ServedSite, phone: Visit) -> None:
    page = phone.page
    problems = []
    for name, url in (("article-phone", page_url(served_site, served_site.articles[1])),
                      ("index-phone", served_site.url())):
        page.goto(url)
        if name.startswith("article"):
            wait_for_audio_metadata(page)  # so the screenshot shows a ready player
        problems += [f"{name}: {p}" for p in check_images(page)]
        problems += [f"{name}: {p}" for p in check_readable(page, PHONE["width"])]
        problems += [f"{name}: {p}" for p in check_touch_targets(page)]
        screenshot(page, name)
    problems += check_no_console_errors(phone.recorder)
    problems += check_no_remote_requests(phone.recorder)
    assert problems == []


# -- the read-along: the page follows the voice, and any sentence starts it ---------------------

# Clicking a sentence must land this close to its first spoken piece (the player moves on
# while we read currentTime, so a little of the margin is playback).
SENTENCE_SEEK_TOLERANCE_S = 0.3
MIN_CONTRAST = 4.5  # WCAG AA for body text


@dataclass(frozen=True)
class SyncCue:
    sentence: str | None  # the id of the page's sentence element; None: nothing to mark
    start: float
    end: float
    spoken: str  # what the voice says meanwhile (the episode's WebVTT cue)


def read_along_article(site: ServedSite) -> SampleArticle:
    (article,) = [a for a in site.articles if a.slug == "quiet-keyboards"]
    return article


def sync_cues(site: ServedSite, article: SampleArticle) -> list[SyncCue]:
    """The episode's sync map beside its WebVTT, piece by piece (they are cut alike)."""
    sync = episode_file(site.folder, article.slug, ".sync.json")
    cues = json.loads(sync.read_text("utf-8"))["cues"]
    vtt = episode_file(site.folder, article.slug, ".vtt")
    blocks = vtt.read_text("utf-8").split("\n\n")[1:]
    spoken = [" ".join(block.strip().split("\n")[2:]) for block in blocks]
    assert len(spoken) == len(cues), "the sync map and the WebVTT disagree on the pieces"
    return [SyncCue(c[0], c[1], c[2], text) for c, text in zip(cues, spoken, strict=True)]


def open_read_along(page: Page, site: ServedSite, article: SampleArticle) -> None:
    page.goto(page_url(site, article))
    wait_for_audio_metadata(page)
    page.wait_for_selector("body[data-read-along=ready]", timeout=10_000)
    record_every_mark(page)


def sentence_id(page: Page, written: str) -> str:
    """The id of the page's sentence element whose text starts with `written`."""
    found: list[str] = page.evaluate(
        """(written) => Array.from(document.querySelectorAll('.rl[id]'))
            .filter(el => el.textContent.replace(/\\s+/g, ' ').trim().startsWith(written))
            .map(el => el.id)""",
        written,
    )
    assert len(found) == 1, f"{len(found)} sentences start with {written!r}"
    return found[0]


def marked_now(page: Page) -> dict[str, Any]:
    """The element marked aria-current and the player's time, read at one instant."""
    now: dict[str, Any] = page.evaluate(
        """() => {
            const marked = Array.from(document.querySelectorAll('[aria-current=true]'));
            return {ids: [...new Set(marked.map(el => el.getAttribute('data-s')))],
                    time: document.querySelector('audio').currentTime,
                    paused: document.querySelector('audio').paused};
        }"""
    )
    return now


def play_within(page: Page, cue: SyncCue) -> dict[str, Any]:
    """Put the playing voice inside `cue`, wait until it has spoken a little of it, and say
    what is marked then."""
    page.evaluate("(t) => { const a = document.querySelector('audio'); a.currentTime = t;"
                  " if (a.paused) a.play().catch(() => {}); }", cue.start + 0.02)
    into = min(cue.start + 0.25, (cue.start + cue.end) / 2)
    page.wait_for_function(
        "(t) => { const a = document.querySelector('audio');"
        " return !a.paused && a.currentTime >= t; }",
        arg=into,
        timeout=10_000,
    )
    return marked_now(page)


def check_sentence_starts_the_voice(page: Page, sentence: str, cues: list[SyncCue]) -> list[str]:
    first = next(c.start for c in cues if c.sentence == sentence)
    now = click_and_read_time(page, page.locator(f"#{sentence}"))
    if abs(now - first) > SENTENCE_SEEK_TOLERANCE_S:
        return [f"clicking {sentence} plays from {now:.2f} s, its voice starts at "
                f"{first:.2f} s"]
    return []


def check_marked_while_spoken(page: Page, cue: SyncCue, words: str) -> list[str]:
    """While the voice says `words` (part of `cue`), the marked element is the cue's sentence."""
    if words not in cue.spoken:
        return [f"the voice does not say {words!r} in {cue.spoken!r}"]
    now = play_within(page, cue)
    if not cue.start <= now["time"] <= cue.end + 0.3:
        return [f"the player wandered to {now['time']:.2f} s, outside {cue}"]  # seek failed
    if now["ids"] != [cue.sentence]:
        return [f"while the voice says {cue.spoken!r}, {now['ids']} is marked, not {cue.sentence}"]
    return []


def check_never_marked(page: Page) -> list[str]:
    """Nothing shown but not spoken (code, a table, a no-audio paragraph) is ever marked, or
    even a sentence the read-along could mark."""
    found: list[str] = page.evaluate(
        """() => {
            const skipped = el => el.closest('pre, code, table')
                || el.textContent.includes('Only readers of the page');
            return [
                ...window.__marked.filter(skipped).map(el => 'marked: ' + el.outerHTML),
                ...Array.from(document.querySelectorAll('.rl')).filter(skipped)
                    .map(el => 'a sentence: ' + el.outerHTML),
            ];
        }"""
    )
    return [f"skipped content {what}" for what in found]


def check_highlight_contrast(page: Page) -> list[str]:
    """The marked sentence's text (and any link in it) on its highlight meets WCAG AA."""
    ratios: list[list[Any]] = page.evaluate(
        """() => {
            const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
                return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                return (x + 0.05) / (y + 0.05); };
            const marked = document.querySelector('[aria-current=true]');
            if (!marked) return [['nothing is marked', 0]];
            const back = getComputedStyle(marked).backgroundColor;
            return [marked, ...marked.querySelectorAll('a')].map(
                el => [el.tagName.toLowerCase(), ratio(getComputedStyle(el).color, back)]);
        }"""
    )
    return [f"{what} on the highlight has contrast {ratio:.2f}, below {MIN_CONTRAST}"
            for what, ratio in ratios if ratio < MIN_CONTRAST]


def check_back_to_the_voice(page: Page) -> list[str]:
    """Scrolling away pauses the following; the "Back to the voice" control brings it back."""
    page.mouse.move(DESKTOP["width"] / 2, DESKTOP["height"] / 2)
    page.mouse.wheel(0, 4000)
    button = page.get_by_role("button", name="Back to the voice")
    try:
        button.wait_for(state="visible", timeout=5_000)
    except Exception:  # noqa: BLE001 - a timeout is the finding
        return ["scrolling away shows no 'Back to the voice' control"]
    button.click()
    page.wait_for_function(
        """() => { const el = document.querySelector('[aria-current=true]');
            if (!el) return false; const box = el.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight; }""",
        timeout=5_000,
    )
    return [] if button.is_hidden() else ["'Back to the voice' stays after bringing it back"]


def test_the_page_follows_the_voice_and_any_sentence_starts_it(
    served_site: ServedSite, desktop: Visit
) -> None:
    article = read_along_article(served_site)
    cues = sync_cues(served_site, article)
    page = desktop.page
    open_read_along(page, served_site, article)
    money = sentence_id(page, "My quiet keyboard cost $1,250 in 2019.")
    long = sentence_id(page, "The quietest boards we tried")
    heading = sentence_id(page, "What makes it quiet")
    long_cues = [c for c in cues if c.sentence == long]
    assert len(long_cues) >= 2, "the long sentence was not cut: the test lost its point"

    problems: list[str] = []
    for sentence in (heading, long, money):
        problems += check_sentence_starts_the_voice(page, sentence, cues)
    (money_cue,) = [c for c in cues if c.sentence == money]
    problems += check_marked_while_spoken(page, money_cue, "one thousand two hundred")
    problems += check_marked_while_spoken(page, long_cues[1], long_cues[1].spoken)
    for note in ("A code sample is omitted here.", "A table is omitted here."):
        (cue,) = [c for c in cues if c.spoken == note]
        now = play_within(page, cue)
        if cue.sentence is not None or now["ids"]:
            problems.append(f"while the voice says {note!r}, {now['ids']} is marked")
    problems += check_marked_while_spoken(page, long_cues[0], long_cues[0].spoken)
    problems += check_back_to_the_voice(page)
    problems += check_highlight_contrast(page)
    stop_playing(page)
    screenshot(page, "read-along-desktop")
    problems += check_never_marked(page)
    problems += check_no_console_errors(desktop.recorder)
    problems += check_no_remote_requests(desktop.recorder)
    assert problems == []


def test_speed_and_place_survive_a_reload_on_a_phone(
    served_site: ServedSite, phone: Visit
) -> None:
    article = read_along_article(served_site)
    cues = sync_cues(served_site, article)
    page = phone.page
    open_read_along(page, served_site, article)
    page.select_option("#speed", "1.5")
    long = sentence_id(page, "The quietest boards we tried")
    second = [c for c in cues if c.sentence == long][1]
    play_within(page, second)
    stop_playing(page)
    left_at = marked_now(page)["time"]
    page.evaluate("() => window.dispatchEvent(new Event('pagehide'))")  # as leaving would

    page.reload()
    open_read_along(page, served_site, article)
    now = page.evaluate(
        "() => { const a = document.querySelector('audio'); return {rate: a.playbackRate,"
        " chosen: document.getElementById('speed').value, time: a.currentTime}; }"
    )
    problems = []
    if now["rate"] != 1.5 or now["chosen"] != "1.5":
        problems.append(f"after a reload the speed is {now['rate']} ({now['chosen']} shown)")
    if abs(now["time"] - left_at) > 0.5:
        problems.append(f"after a reload the player is at {now['time']:.2f} s, "
                        f"it was left at {left_at:.2f} s")
    if marked_now(page)["ids"] != [long]:
        problems.append(f"after a reload {marked_now(page)['ids']} is marked, not {long}")
    page.locator(f"#{long}").scroll_into_view_if_needed()
    problems += check_readable(page, PHONE["width"])
    problems += check_touch_targets(page)
    problems += check_highlight_contrast(page)
    page.screenshot(path=str(ARTIFACTS / "read-along-phone.png"))  # the screen, as a phone shows it
    problems += check_no_console_errors(phone.recorder)
    problems += check_no_remote_requests(phone.recorder)
    assert problems == []


# -- break it on purpose: the checks above must notice -------------------------------------------


def serve_instead(page: Page, url: str, html: str) -> None:
    """Answer `url` with `html` (everything else still comes from `reader serve`)."""
    page.route(url, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=html
    ))


def fetch_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def test_a_chapter_that_seeks_to_the_wrong_time_is_caught(
    served_site: ServedSite, desktop: Visit
) -> None:
    article = served_site.articles[0]
    chapters = chapters_of(served_site, article)
    last = chapters[-1]
    url = page_url(served_site, article)
    html = fetch_text(url)
    starts = list(re.finditer(r'data-start="([^"]*)"', html))
    assert len(starts) == len(chapters), "the page's chapter buttons changed shape"
    # The last chapter's button now jumps two seconds early, as an off-by-a-section bug would.
    early = f'data-start="{max(0.0, float(starts[-1].group(1)) - 2.0)}"'
    broken = html[: starts[-1].start()] + early + html[starts[-1].end():]
    serve_instead(desktop.page, url, broken)
    desktop.page.goto(url)
    problems = check_chapter_seeking(desktop.page, chapters)
    assert [p for p in problems if repr(last["title"]) in p], problems


def test_a_page_that_loads_a_remote_resource_is_caught(
    served_site: ServedSite, desktop: Visit
) -> None:
    url = served_site.url()
    html = fetch_text(url).replace(
        "</body>", '<img src="https://example.com/x.png" alt="tracker"></body>'
    )
    serve_instead(desktop.page, url, html)
    desktop.page.goto(url)
    desktop.page.wait_for_load_state("load")
    assert check_no_remote_requests(desktop.recorder) == [
        "request leaves 127.0.0.1: https://example.com/x.png"
    ]


def test_an_unlabelled_control_and_a_second_h1_are_caught(
    served_site: ServedSite, desktop: Visit
) -> None:
    url = served_site.url()
    html = fetch_text(url).replace(
        "</main>", '<h1>Again</h1><input type="text" id="nameless"></main>'
    )
    serve_instead(desktop.page, url, html)
    desktop.page.goto(url)
    problems = check_accessible_basics(desktop.page)
    assert any("2 h1 elements" in p for p in problems), problems
    assert any("nameless" in p for p in problems), problems


def test_a_missing_image_and_an_image_over_a_box_are_caught(
    served_site: ServedSite, desktop: Visit
) -> None:
    url = served_site.url()
    html = fetch_text(url).replace(
        "</main>",
        '<img src="no-such.png" alt="gone">'
        '<img src="cover.jpg" alt="" style="position:absolute;top:0;left:0;width:100%">'
        "</main>",
    )
    serve_instead(desktop.page, url, html)
    desktop.page.goto(url)
    problems = check_images(desktop.page)
    assert any("does not load" in p and "no-such.png" in p for p in problems), problems
    assert any("lies over" in p for p in problems), problems

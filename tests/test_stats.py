"""`reader stats` on the access log of a real nginx serving a built site, after a scripted
set of requests by real clients (feedparser, podcastparser, urllib, http.client) whose
correct counts are known from the IAB v2.2 rules; the same requests as an S3 server access
log give the same counts; nothing in the outputs identifies a client.

The requests happen in a second; the log's times (and client addresses) are then rewritten
to the script's, so repeats fall inside and outside 24 hours. Each request carries its step
number in its query (?step=N), which the rewrite reads and the counting ignores.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import json
import math
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from reader.builder import build_site

from .conftest import episode_file, run_reader, write_article, write_config
from .stats_support import Nginx, free_port, nginx_missing, nginx_serving

pytestmark = pytest.mark.skipif(nginx_missing() is not None, reason=str(nginx_missing()))

# User agents, each as OPAWG's lists give an example of it (the names are those lists').
ANTENNAPOD = "de.danoeh.antennapod/1.7.3b (Linux;Android 8.0.0) ExoPlayerLib/2.9.3"
OVERCAST = "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)"
APPLE = "Podcasts/1410.53 CFNetwork/1111 Darwin/19.0.0 (x86_64)"
CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_5) AppleWebKit/537.36 (KHTML, like "
          "Gecko) Chrome/54.0.2840.71 Safari/537.36")
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:69.0) Gecko/20100101 Firefox/69.0"
SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_6) AppleWebKit/605.1.15 (KHTML, like "
          "Gecko) Version/14.0 Safari/605.1.15")
GOOGLEBOT = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Chrome/86.0.4240.96 Mobile Safari/537.36 (compatible; "
             "Googlebot/2.1; http://www.google.com/bot.html)")
URLLIB = None  # urllib's own "Python-urllib/3.x": OPAWG lists it as a bot library
# Each listener's address, written into the log by the rewrite (TEST-NET ranges).
ADDRESSES = {ANTENNAPOD: "198.51.100.11", OVERCAST: "198.51.100.12", APPLE: "198.51.100.13",
             CHROME: "203.0.113.21", FIREFOX: "203.0.113.22", SAFARI: "203.0.113.23",
             GOOGLEBOT: "192.0.2.66", URLLIB: "192.0.2.67", "feed": "198.51.100.99"}
START = dt.datetime(2026, 3, 2, 20, 0, tzinfo=dt.UTC)  # step times are hours after this
LONG, SHORT = "long-read", "short-note"
BLOG, OTHER = "https://blog.example.org/2026/long-read/", "https://www.example.net/reading"


@dataclass(frozen=True)
class Step:
    hours: float
    agent: str | None
    method: str
    target: str  # "L"/"S": the episode's audio; "page:L", "index:S", "embed:L"; a path
    range: tuple[str, str] | None = None  # from, to (excluded), symbolic (see _bytes)
    referer: str | None = None


# The script, in time order. What each step counts, by the IAB v2.2 rules (reader.stats.iab):
STEPS = (
    Step(0.10, ANTENNAPOD, "GET", "L"),                         # L download 1 (03-02)
    Step(1.00, GOOGLEBOT, "GET", "L"),                          # a bot: no
    Step(1.50, OVERCAST, "HEAD", "L"),                          # HEAD: no
    Step(2.00, APPLE, "GET", "L", ("0", "30s")),                # 30 s of audio: no
    Step(2.50, URLLIB, "GET", "L"),                             # a bot library: no
    Step(3.00, OVERCAST, "GET", "L", ("0", "35s")),             # 35 s, then 35 s more in the
    Step(3.10, OVERCAST, "GET", "L", ("35s", "70s")),         # same window: L download 2 (03-02)
    Step(4.50, ANTENNAPOD, "GET", "L"),                         # 4.4 h after its first: no
    Step(5.00, CHROME, "GET", "L", ("0", "10%")),               # a browser plays 10 %, seeks
    Step(5.05, CHROME, "GET", "L", ("60%", "")),                # to 60 %: L download 3 (03-03)
    Step(6.00, ANTENNAPOD, "GET", "S", ("0", "1000")),          # 1,000 bytes of S, then the
    Step(7.00, ANTENNAPOD, "GET", "S"),                         # whole: S download 1 (03-03)
    Step(8.00, FIREFOX, "GET", "S"),                            # S download 2, a listen (03-03)
    Step(9.00, CHROME, "GET", "page:L"),                        # L view 1 (03-03)
    Step(10.0, CHROME, "GET", "page:L"),                        # an hour later: no
    Step(11.0, GOOGLEBOT, "GET", "page:L"),                     # a bot: no
    Step(12.0, FIREFOX, "HEAD", "page:S"),                      # HEAD: no
    Step(13.0, FIREFOX, "GET", "index:S"),                      # S view 1 (03-03)
    Step(14.0, CHROME, "GET", "embed:L", referer=BLOG),         # L embed load 1
    Step(15.0, CHROME, "GET", "embed:L", referer=BLOG),         # same client: no
    Step(16.0, FIREFOX, "GET", "embed:L", referer=OTHER),       # L embed load 2
    Step(17.0, SAFARI, "GET", "/listen/nowhere/"),              # not an article
    Step(26.0, ANTENNAPOD, "GET", "L"),                         # 25.9 h after: download 4
    Step(34.0, CHROME, "GET", "page:L"),                        # 25 h after its view: view 2
)
MARCH_2, MARCH_3, MARCH_4 = "2026-03-02", "2026-03-03", "2026-03-04"


@dataclass(frozen=True)
class Served:
    site: Path
    nginx: Nginx
    logs: Path  # the rewritten logs: access.log (combined), ranges.log, s3.log
    audio: dict[str, Path]


def _text(seconds: int) -> str:
    """Prose that `tones` speaks for about `seconds` (15 characters a second)."""
    sentence = "Reading slowly is a way of listening to the page. "
    return sentence * max(1, seconds * 15 // len(sentence))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:
    root = tmp_path_factory.mktemp("stats")
    port = free_port()
    articles, site = root / "articles", root / "output"
    write_article(articles, f"{LONG}.md", _text(140), title="The Long Read", date="2026-03-01")
    write_article(articles, f"{SHORT}.md", _text(30), title="A Short Note", date="2026-03-01")
    config = write_config(root, base_url=f"http://127.0.0.1:{port}/listen/")
    build_site(articles, site, config, show_progress=False)
    audio = {"L": episode_file(site, LONG), "S": episode_file(site, SHORT)}
    with nginx_serving(site, root / "nginx", port) as nginx:
        _play(nginx, audio)
    logs = root / "logs"
    logs.mkdir()
    combined = _rewrite(nginx.access_log.read_text("utf-8"))
    (logs / "access.log").write_text(combined + "this line is not a request\n", "utf-8")
    (logs / "ranges.log").write_text(_rewrite(nginx.ranges_log.read_text("utf-8")), "utf-8")
    with gzip.open(logs / "s3.log.gz", "wt", encoding="utf-8") as s3:
        s3.write(_as_s3(combined, audio))
    ranges = (logs / "ranges.log").read_text("utf-8")
    (logs / "cloudfront.log").write_text(_as_cloudfront(ranges), "utf-8")
    return Served(site, nginx, logs, audio)


def _play(nginx: Nginx, audio: dict[str, Path]) -> None:
    """Real clients: feedparser and podcastparser read the feed (which never counts), then
    every step of the script, to the enclosure URLs the feed gave."""
    feed_url = nginx.base_url + "feed.xml"
    parsed = feedparser.parse(feed_url + "?step=feed", agent="feedparser")
    enclosures = {entry.enclosures[0].href for entry in parsed.entries}
    with urllib.request.urlopen(feed_url + "?step=feed") as response:  # noqa: S310 (local)
        episodes = podcastparser.parse(feed_url, response)["episodes"]
    assert enclosures == {e["enclosures"][0]["url"] for e in episodes}
    urls = {key: next(u for u in enclosures if u.endswith("/" + path.name))
            for key, path in audio.items()}
    for number, step in enumerate(STEPS):
        _request(nginx, number, step, urls, audio)


def _request(nginx: Nginx, number: int, step: Step, urls: dict[str, str],
             audio: dict[str, Path]) -> None:
    kind, _, which = step.target.rpartition(":")
    slug = {"L": LONG, "S": SHORT}.get(which, "")
    url = {"": urls.get(which, f"http://127.0.0.1:{nginx.port}{step.target}"),
           "page": f"{nginx.base_url}{slug}/", "index": f"{nginx.base_url}{slug}/index.html",
           "embed": f"{nginx.base_url}{slug}/episode.js"}[kind]
    headers = {}
    if step.range:
        first, end = (_bytes(audio[which], at) for at in step.range)
        headers["Range"] = f"bytes={first}-{'' if end is None else end - 1}"  # inclusive
    if step.referer:
        headers["Referer"] = step.referer
    url += f"?step={number}"
    if step.agent is None:  # urllib as it comes: its own agent
        with urllib.request.urlopen(url) as response:  # noqa: S310 (local)
            response.read()
        return
    connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    connection.request(step.method, url.split(str(nginx.port), 1)[1],
                       headers={"User-Agent": step.agent, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()


def _bytes(mp3: Path, where: str) -> int | None:
    """A byte position in an episode: "1000" as is; "30s" the byte that begins second 30 of
    the audio (after the ID3 tag, at the file's constant bitrate); "10%" likewise; "" the
    end. Written from the file itself, not from what reader stats computes."""
    if not where:
        return None
    if where.isdigit():
        return int(where)
    header = ID3(mp3).size  # the tag, header included
    audio = mp3.stat().st_size - header
    if where.endswith("%"):
        return header + math.ceil(audio * int(where[:-1]) / 100)
    per_second = audio / MP3(mp3).info.length
    return header + math.ceil(per_second * int(where[:-1]))


_LINE = re.compile(r"^(\S+)( \S+ \S+ )\[([^\]]+)\](.*\?step=(\w+).*)$")


def _rewrite(log: str) -> str:
    """The log with each request at its step's time, from its listener's address."""
    lines = []
    for line in log.splitlines():
        match = _LINE.match(line)
        assert match, line
        step = match[5]
        if step == "feed":
            when, address = START, ADDRESSES["feed"]
        else:
            planned = STEPS[int(step)]
            when, address = START + dt.timedelta(hours=planned.hours), ADDRESSES[planned.agent]
        lines.append(f"{address}{match[2]}[{when.strftime('%d/%b/%Y:%H:%M:%S +0000')}]"
                     f"{match[4]}")
    return "\n".join(lines) + "\n"


_COMBINED = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) ([^"]*)" (\d+) (\d+) '
                       r'"([^"]*)" "([^"]*)"$')


def _as_s3(combined: str, audio: dict[str, Path]) -> str:
    """The same requests as S3 would log them for a bucket the site was published to with
    the prefix listen/ (docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html)."""
    lines = []
    for line in combined.splitlines():
        address, when, method, target, protocol, status, sent, referer, agent = (
            _COMBINED.match(line).groups())  # type: ignore[union-attr]
        key = target.split("?", 1)[0].lstrip("/")
        if key.endswith("/"):
            key += "index.html"
        operation = f"REST.{method}.OBJECT"
        size = next((str(p.stat().st_size) for p in audio.values() if key.endswith(p.name)), "-")
        lines.append(
            f"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be listen-bucket "
            f"[{when}] {address} - 3E57427F3EXAMPLE {operation} {key} "
            f'"{method} /{key} {protocol}" {status} - {sent} {size} 70 10 "{referer}" '
            f'"{agent}" - Ke1bUcazaN1jWuUlPJaxF64cQVpUEhoZKEG/hmy/gijN/I1DeWqDfFvnpybfEseEME/'
            f"u7ME1234= SigV4 ECDHE-RSA-AES128-SHA AuthHeader listen-bucket.s3.amazonaws.com "
            f"TLSv1.2 - -")
    return "\n".join(lines) + "\n"


_WITH_RANGE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) ([^"]*)" (\d+) (\d+) '
                         r'"([^"]*)" "([^"]*)" "([^"]*)"$')
_CLOUDFRONT_FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem "
                      "sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) "
                      "x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes "
                      "time-taken x-forwarded-for ssl-protocol ssl-cipher "
                      "x-edge-response-result-type cs-protocol-version fle-status "
                      "fle-encrypted-fields c-port time-to-first-byte "
                      "x-edge-detailed-result-type sc-content-type sc-content-len "
                      "sc-range-start sc-range-end")


def _as_cloudfront(with_range: str) -> str:
    """The same requests as a CloudFront standard log (docs.aws.amazon.com/AmazonCloudFront/
    latest/DeveloperGuide/standard-logs-reference.html): tab-separated, agent and referer
    URL-encoded, sc-bytes with the response's headers (250 bytes here), the range's start."""
    lines = ["#Version: 1.0", "#Fields: " + _CLOUDFRONT_FIELDS]
    for line in with_range.splitlines():
        address, when, method, target, _, status, sent, referer, agent, asked = (
            _WITH_RANGE.match(line).groups())  # type: ignore[union-attr]
        moment = dt.datetime.strptime(when, "%d/%b/%Y:%H:%M:%S %z")
        first = asked.removeprefix("bytes=").split("-")[0] if asked.startswith("bytes=") else "-"
        stem, _, query = target.partition("?")
        quoted = [urllib.parse.quote(text, safe="/:;,()+=.") for text in (referer, agent)]
        lines.append("\t".join((
            moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S"), "FRA56-P5",
            str(int(sent) + 250), address, method, "d111111abcdef8.cloudfront.net", stem,
            status, *quoted, query, "-", "Hit", "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNr",
            "example.com", "https", "120", "0.001", "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
            "Hit", "HTTP/1.1", "-", "-", "51234", "0.001", "Hit", "audio/mpeg", sent, first,
            "-")))
    return "\n".join(lines) + "\n"


def _stats(*args: str) -> dict:
    result = run_reader("stats", *args, "--json", check=True)
    return json.loads(result.stdout)


def _by_slug(report: dict, section: str) -> dict[str, dict]:
    return {item["slug"]: item for item in report[section]}


def _check_counts(report: dict) -> None:
    episodes, pages = _by_slug(report, "episodes"), _by_slug(report, "pages")
    assert episodes[LONG]["downloads"] == 4
    assert episodes[LONG]["by_day"] == {MARCH_2: 2, MARCH_3: 2}
    assert episodes[LONG]["by_app"] == {"AntennaPod": 2, "Overcast": 1, "Chrome": 1}
    assert episodes[LONG]["by_platform"]["Android Phone"] == 2
    assert episodes[LONG]["listens"] == 1
    assert episodes[SHORT]["downloads"] == 2
    assert episodes[SHORT]["by_app"] == {"AntennaPod": 1, "Firefox": 1}
    assert episodes[SHORT]["listens"] == 1
    assert (pages[LONG]["views"], pages[SHORT]["views"]) == (2, 1)
    assert pages[LONG]["embed_loads"] == 2
    assert pages[LONG]["embed_hosts"] == {"blog.example.org": 1, "www.example.net": 1}
    assert pages[SHORT]["embed_loads"] == 0
    assert report["totals"] == {"downloads": 6, "listens": 2, "views": 3, "embed_loads": 2}
    assert report["not_counted"] == {"bot_requests": 3, "under_a_minute": 1}


def test_nginx_access_log_counts_exactly_what_happened(served: Served, tmp_path: Path) -> None:
    report = _stats(str(served.logs / "access.log"), "--site", str(served.site), "--fresh")
    _check_counts(report)
    assert [(log["format"], log["unreadable"]) for log in report["logs"]] == [("combined", 1)]
    # The combined format has no Range: only the whole file Firefox fetched is placed.
    episodes = _by_slug(report, "episodes")
    assert episodes[SHORT]["curve"] == [1] * 20
    assert episodes[LONG]["curve"] == [0] * 20


def test_the_same_requests_in_an_s3_log_give_the_same_counts(served: Served) -> None:
    report = _stats(str(served.logs / "s3.log.gz"), "--site", str(served.site), "--fresh")
    _check_counts(report)
    assert [log["format"] for log in report["logs"]] == ["s3"]


def test_the_same_requests_in_a_cloudfront_log_give_the_same_counts_and_curve(
    served: Served,
) -> None:
    report = _stats(str(served.logs / "cloudfront.log"), "--site", str(served.site), "--fresh")
    _check_counts(report)
    assert [(log["format"], log["unreadable"]) for log in report["logs"]] == [("cloudfront", 0)]
    assert _by_slug(report, "episodes")[LONG]["curve"] == [1, 1] + [0] * 10 + [1] * 8


def test_a_logged_range_header_draws_the_drop_off(served: Served) -> None:
    report = _stats(str(served.logs / "ranges.log"), "--site", str(served.site), "--fresh")
    _check_counts(report)
    # Chrome fetched the first tenth, then from 60 % to the end.
    assert _by_slug(report, "episodes")[LONG]["curve"] == [1, 1] + [0] * 10 + [1] * 8


def test_since_and_until_choose_the_days(served: Served) -> None:
    report = _stats(str(served.logs / "access.log"), "--site", str(served.site), "--fresh",
                    "--since", MARCH_3, "--until", MARCH_3)
    episodes, pages = _by_slug(report, "episodes"), _by_slug(report, "pages")
    assert (episodes[LONG]["downloads"], episodes[SHORT]["downloads"]) == (2, 2)
    assert (pages[LONG]["views"], pages[SHORT]["views"]) == (1, 1)
    assert [day["day"] for day in report["days"]] == [MARCH_3]


def test_nothing_kept_or_shown_identifies_a_client(served: Served, tmp_path: Path) -> None:
    state, page = tmp_path / "state.json", tmp_path / "report.html"
    result = run_reader("stats", served.logs / "access.log", "--site", served.site,
                        "--state", state, "--json", "--html", page, check=True)
    html = page.read_text("utf-8")
    assert "<svg" in html and "<script" not in html
    for kept in (result.stdout, html, state.read_text("utf-8")):
        for address in ADDRESSES.values():
            assert address not in kept
        for agent in (ANTENNAPOD, CHROME, GOOGLEBOT, "Python-urllib"):
            assert agent not in kept


def test_a_second_run_reads_only_what_is_new(served: Served, tmp_path: Path) -> None:
    """Incremental: the log read in two parts, as two daily runs would, counts the same as
    one run over all of it; a third run with nothing new changes nothing."""
    lines = (served.logs / "access.log").read_text("utf-8").splitlines(keepends=True)
    half = next(i for i, line in enumerate(lines) if "[03/Mar/2026:02:00" in line)
    log, state = tmp_path / "access.log", tmp_path / "state.json"
    log.write_text("".join(lines[:half]), "utf-8")
    first = _stats(str(log), "--site", str(served.site), "--state", str(state))
    assert first["logs"][0]["lines"] == half
    log.write_text("".join(lines), "utf-8")
    second = _stats(str(log), "--site", str(served.site), "--state", str(state))
    assert second["logs"][0]["lines"] == len(lines) - half
    _check_counts(second)
    third = _stats(str(log), "--site", str(served.site), "--state", str(state))
    assert third["logs"][0]["lines"] == 0
    _check_counts(third)


def test_a_damaged_log_is_reported_and_the_others_counted(served: Served,
                                                          tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "access.log").write_bytes((served.logs / "access.log").read_bytes())
    feed = next(line for line in (served.logs / "access.log").read_text("utf-8").splitlines()
                if "feed.xml" in line)
    whole = gzip.compress(f"{feed}\n".encode() * 50_000)  # the feed, fetched again and again
    (logs / "access.log.2.gz").write_bytes(whole[: len(whole) // 2])  # cut in the middle
    (logs / "notes.txt").write_text("not a log\n", "utf-8")
    report = _stats(str(logs), "--site", str(served.site), "--fresh")
    _check_counts(report)
    damaged = next(log for log in report["logs"] if log["name"].endswith(".gz"))
    assert "damaged" in damaged["error"] and damaged["lines"] > 0
    assert [log["format"] for log in report["logs"] if log["name"].endswith(".txt")] == [None]


def test_a_missing_log_is_one_line_and_status_2(served: Served, tmp_path: Path) -> None:
    missing = tmp_path / "nope.log"
    result = run_reader("stats", missing, "--site", served.site)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {missing}: no such log file or folder"


@pytest.mark.browser
def test_chromium_playing_a_page_and_seeking(served: Served, browser: Any,
                                            tmp_path: Path) -> None:
    """A real browser plays the long episode on its page and seeks to 60 %. Headless
    Chromium names itself HeadlessChrome, which OPAWG lists as a bot (Puppeteer): nothing it
    does counts. The same browser presenting itself as Chrome is a page view and a listen,
    and the curve drawn from the Range header shows the start and the part after the seek
    (fetched with the first range, bytes=0-, or by a second one from where it sought; the
    revalidation of a part it holds is a 304, which delivers nothing and counts nothing)."""
    with nginx_serving(served.site, tmp_path / "nginx", served.nginx.port) as nginx:
        for agent in (None, CHROME):
            context = browser.new_context(user_agent=agent) if agent else browser.new_context()
            page = context.new_page()
            page.goto(f"{nginx.base_url}{LONG}/")
            page.evaluate("() => document.querySelector('audio').play().catch(() => {})")
            page.wait_for_function("() => document.querySelector('audio').currentTime > 0.5",
                                   timeout=10_000)
            page.evaluate("() => { const a = document.querySelector('audio');"
                          " a.currentTime = a.duration * 0.6; }")
            page.wait_for_function("() => { const a = document.querySelector('audio');"
                                   " return a.currentTime > a.duration * 0.6 + 0.5; }",
                                   timeout=10_000)
            context.close()
    report = _stats(str(nginx.ranges_log), "--site", str(served.site), "--fresh")
    episodes, pages = _by_slug(report, "episodes"), _by_slug(report, "pages")
    assert pages[LONG]["views"] == 1
    assert (episodes[LONG]["downloads"], episodes[LONG]["listens"]) == (1, 1)
    assert episodes[LONG]["by_app"] == {"Chrome": 1}
    curve = episodes[LONG]["curve"]
    assert curve[0] == 1 and curve[12] == 1, curve
    assert report["not_counted"]["bot_requests"] >= 2  # HeadlessChrome's page and audio

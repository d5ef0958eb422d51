"""Counting as the podcast industry does: IAB Tech Lab, Podcast Measurement Technical
Guidelines, version 2.2. The rules implemented, each where it is applied below:

- [IAB-GET] A download is a GET of the episode's file that delivered content (200, or 206
  for a byte range). HEAD requests and responses without content (304, errors) are not
  downloads.
- [IAB-BOTS] Requests from known bots, spiders and crawlers are removed before counting;
  the lists are OPAWG's (reader.stats.agents).
- [IAB-MINUTE] A download counts only once the bytes delivered for it reach the bytes of
  one minute of audio plus the file's ID3 header (the whole file, for an episode shorter
  than a minute). Byte ranges are summed within the 24-hour window, so a player that
  fetches in small ranges is counted once it has fetched a minute; a range of a few
  seconds (a player checking the file) never is.
- [IAB-24H] Requests with the same IP address and User-Agent for the same episode within
  24 hours are one download. The window starts at the first request and lasts 24 hours; a
  request after it starts a new window (a new download, when it too reaches a minute).

The same deduplication counts page views and embed data loads (one per client and page per
24 hours), which the guidelines do not cover; only GETs that the server answered (200, or
304 for a page the browser had cached) from agents that are not bots count.

Privacy: the address and agent are reduced at once to a keyed hash (BLAKE2b, 16 bytes)
whose key, the salt, is random for each day of log time. A salt is kept only while a
window it opened may still be open (that day and the next), in memory or in the
incremental state; after that the hashes it made can never be matched to anyone again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .agents import classify
from .formats import Hit
from .site import EMBED, EPISODE, PAGE, SiteIndex

WINDOW_SECONDS = 24 * 3600  # [IAB-24H]
CURVE_POINTS = 20  # the drop-off curve: which twentieth of an episode was fetched
_SLACK = 0.01  # of a twentieth: less of one than this is not counted as fetched
# [IAB-GET]: statuses that delivered what was asked, per kind of request.
_DELIVERED = {EPISODE: frozenset({200, 206}), PAGE: frozenset({200, 304}),
              EMBED: frozenset({200, 304})}
_EXPIRE_EVERY = 1 << 16  # counted requests between two sweeps of ended windows
UNKNOWN_HOST = "unknown"


@dataclass
class Window:
    """One client's 24 hours with one episode, page or embed: the only per-client record,
    keyed by a salted hash, holding no address or agent."""

    start: float  # seconds since the epoch
    day: str  # the day it began (YYYY-MM-DD): what it is counted on
    slug: str
    received: int = 0  # bytes of the episode delivered in the window
    counted: bool = False
    curve: int = 0  # bit i: the i-th twentieth of the audio was fetched by a browser

    def to_list(self) -> list[Any]:
        return [self.start, self.day, self.slug, self.received, self.counted, self.curve]

    @classmethod
    def from_list(cls, item: list[Any]) -> Window:
        return cls(float(item[0]), str(item[1]), str(item[2]), int(item[3]), bool(item[4]),
                   int(item[5]))


@dataclass
class Tally:
    """What is counted, by day: no client appears in it, only public names (an app, a
    platform, a blog's host) and numbers."""

    downloads: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    listens: Counter[tuple[str, str]] = field(default_factory=Counter)  # browser downloads
    views: Counter[tuple[str, str]] = field(default_factory=Counter)
    embeds: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # slug, day, host
    curves: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    bots: int = 0  # requests for the site's articles from bots, not counted
    short: int = 0  # windows that ended under a minute, not counted ([IAB-MINUTE])

    def add_curve(self, window: Window) -> None:
        if not window.curve:
            return
        points = self.curves.setdefault((window.slug, window.day), [0] * CURVE_POINTS)
        for i in range(CURVE_POINTS):
            if window.curve >> i & 1:
                points[i] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "downloads": [[*k, n] for k, n in sorted(self.downloads.items())],
            "listens": [[*k, n] for k, n in sorted(self.listens.items())],
            "views": [[*k, n] for k, n in sorted(self.views.items())],
            "embeds": [[*k, n] for k, n in sorted(self.embeds.items())],
            "curves": [[*k, v] for k, v in sorted(self.curves.items())],
            "bots": self.bots, "short": self.short,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tally:
        def counter(rows: list[list[Any]]) -> Counter[Any]:
            return Counter({tuple(str(v) for v in row[:-1]): int(row[-1]) for row in rows})

        return cls(counter(data["downloads"]), counter(data["listens"]), counter(data["views"]),
                   counter(data["embeds"]),
                   {(str(r[0]), str(r[1])): [int(v) for v in r[2]] for r in data["curves"]},
                   int(data["bots"]), int(data["short"]))


class Counting:
    """The counting of one run: feed it every Hit in time order (`add`), then `finish`."""

    def __init__(self, index: SiteIndex, tally: Tally | None = None,
                 windows: dict[bytes, Window] | None = None,
                 salts: dict[str, bytes] | None = None) -> None:
        self.index = index
        self.tally = tally or Tally()
        self.windows = windows or {}
        self.salts = salts or {}
        self.latest = max((w.start for w in self.windows.values()), default=0.0)
        self._hashers: dict[int, Any] = {}  # day -> BLAKE2b keyed with its salt
        self._since_sweep = 0

    def add(self, hit: Hit) -> None:
        found = self.index.match(hit.path)
        if found is None:
            return
        kind, slug = found
        if hit.method != "GET" or hit.status not in _DELIVERED[kind]:  # [IAB-GET]
            return
        agent = classify(hit.agent)
        if agent.bot:  # [IAB-BOTS]
            self.tally.bots += 1
            return
        window = self._window(hit, kind, slug)
        if kind == EPISODE:
            self._download(window, hit, agent.app, agent.platform, agent.browser)
        elif not window.counted:
            window.counted = True
            if kind == PAGE:
                self.tally.views[slug, window.day] += 1
            else:
                host = urlsplit(hit.referer).hostname or UNKNOWN_HOST
                self.tally.embeds[slug, window.day, host] += 1

    def _download(self, window: Window, hit: Hit, app: str, platform: str,
                  browser: bool) -> None:
        episode = self.index.episodes[window.slug]
        window.received += hit.sent  # [IAB-MINUTE]: ranges add up within the window
        if browser and hit.first_byte is not None and hit.sent:
            window.curve |= _curve_bits(episode.fraction(hit.first_byte),
                                        episode.fraction(hit.first_byte + hit.sent))
        if not window.counted and window.received >= episode.minute_bytes:
            window.counted = True
            self.tally.downloads[window.slug, window.day, app, platform] += 1
            if browser:
                self.tally.listens[window.slug, window.day] += 1

    def _window(self, hit: Hit, kind: str, slug: str) -> Window:
        """The client's open window for this request's target ([IAB-24H]), or a new one."""
        moment = hit.when
        day = int(moment // 86400)  # days since the epoch, UTC
        identity = f"{hit.client}\0{hit.agent}\0{kind}\0{slug}".encode()
        key = self._key(day, identity)
        window = self.windows.get(key)
        if window is not None:  # opened today: its 24 hours are over only if out of order
            if moment - window.start < WINDOW_SECONDS:
                return window
            self._close(window)
        else:  # none opened today, but yesterday's (keyed with yesterday's salt) may be open
            earlier = self.windows.get(self._key(day - 1, identity))
            if earlier is not None and moment - earlier.start < WINDOW_SECONDS:
                return earlier
        window = Window(moment, _iso_day(day), slug)
        self.windows[key] = window
        self.latest = max(self.latest, moment)
        self._since_sweep += 1
        if self._since_sweep >= _EXPIRE_EVERY:
            self.sweep(self.latest)
        return window

    def _key(self, day: int, identity: bytes) -> bytes:
        hasher = self._hashers.get(day)
        if hasher is None:
            name = _iso_day(day)
            salt = self.salts.get(name)
            if salt is None:
                salt = self.salts[name] = secrets.token_bytes(16)
            hasher = self._hashers[day] = hashlib.blake2b(key=salt, digest_size=16)
        keyed = hasher.copy()  # a keyed state copied: cheaper than keying again
        keyed.update(identity)
        return keyed.digest()

    def _close(self, window: Window) -> None:
        self.tally.add_curve(window)
        if not window.counted and window.received:
            self.tally.short += 1

    def sweep(self, now: float) -> None:
        """Close the windows whose 24 hours ended before `now` and forget the salts no open
        window can need (bounded memory: only the last day's clients are held)."""
        self._since_sweep = 0
        ended = [key for key, w in self.windows.items() if now - w.start >= WINDOW_SECONDS]
        for key in ended:
            self._close(self.windows.pop(key))
        today = dt.datetime.fromtimestamp(now, dt.UTC).date()
        keep = {(today - dt.timedelta(days=1)).isoformat(), today.isoformat()}
        for day in [d for d in self.salts if d not in keep]:
            del self.salts[day]
        self._hashers = {d: h for d, h in self._hashers.items() if _iso_day(d) in keep}

    def snapshot(self) -> Tally:
        """The tally with the curves of the windows still open added (they are not closed:
        an incremental run continues them)."""
        tally = Tally.from_dict(self.tally.to_dict())
        for window in self.windows.values():
            tally.add_curve(window)
            tally.short += not window.counted and window.received > 0
        return tally


@functools.lru_cache(maxsize=64)
def _iso_day(day: int) -> str:
    """YYYY-MM-DD of a number of days since the epoch."""
    return (_EPOCH + dt.timedelta(days=day)).isoformat()


_EPOCH = dt.date(1970, 1, 1)


def _curve_bits(start: float, end: float) -> int:
    """The bits of the twentieths of the audio that the span [start, end) covers more than
    1 % of (a range ending a few bytes into the next twentieth did not fetch it)."""
    first = min(int(start * CURVE_POINTS + _SLACK), CURVE_POINTS - 1)
    last = max(min(math.ceil(end * CURVE_POINTS - _SLACK), CURVE_POINTS), first + 1)
    return ((1 << last) - 1) ^ ((1 << first) - 1)

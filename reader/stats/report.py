"""The report: the counts between two days, as typed values, as JSON (a stable schema,
docs/stats.md) and as a table for the terminal."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .formats import known_formats
from .iab import CURVE_POINTS, Tally
from .read import LogSummary
from .site import SiteIndex

SCHEMA_VERSION = 1  # raised only when a field changes meaning or goes; new fields may appear


@dataclass(frozen=True)
class EpisodeStats:
    slug: str
    title: str
    duration_s: int
    downloads: int
    listens: int  # downloads by web browsers: plays on the listening page or the blog's embed
    by_day: dict[str, int]
    by_app: dict[str, int]
    by_platform: dict[str, int]
    curve: tuple[int, ...]  # browser windows that fetched each twentieth of the audio


@dataclass(frozen=True)
class PageStats:
    slug: str
    title: str
    views: int  # of its listening page
    embed_loads: int  # of its embed data, from the blog's pages
    embed_hosts: dict[str, int]
    listens: int
    downloads: int


@dataclass(frozen=True)
class Report:
    since: dt.date | None
    until: dt.date | None
    logs: tuple[LogSummary, ...]
    episodes: tuple[EpisodeStats, ...]
    pages: tuple[PageStats, ...]
    days: dict[str, dict[str, int]]  # day -> {"downloads", "views", "embed_loads"}
    apps: dict[str, int]
    platforms: dict[str, int]
    bot_requests: int
    under_a_minute: int

    def to_json(self) -> dict[str, Any]:
        """The documented schema (docs/stats.md): keys are only ever added."""
        return {
            "schema": SCHEMA_VERSION,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "totals": {
                "downloads": sum(e.downloads for e in self.episodes),
                "listens": sum(e.listens for e in self.episodes),
                "views": sum(p.views for p in self.pages),
                "embed_loads": sum(p.embed_loads for p in self.pages),
            },
            "not_counted": {"bot_requests": self.bot_requests,
                            "under_a_minute": self.under_a_minute},
            "logs": [{"name": log.name, "format": log.format, "lines": log.lines,
                      "unreadable": log.unreadable, "error": log.error} for log in self.logs],
            "episodes": [{"slug": e.slug, "title": e.title, "duration_s": e.duration_s,
                          "downloads": e.downloads, "listens": e.listens, "by_day": e.by_day,
                          "by_app": e.by_app, "by_platform": e.by_platform,
                          "curve": list(e.curve)} for e in self.episodes],
            "pages": [{"slug": p.slug, "title": p.title, "views": p.views,
                       "embed_loads": p.embed_loads, "embed_hosts": p.embed_hosts,
                       "listens": p.listens, "downloads": p.downloads} for p in self.pages],
            "days": [{"day": day, **counts} for day, counts in sorted(self.days.items())],
            "apps": [{"app": a, "downloads": n} for a, n in _ranked(self.apps)],
            "platforms": [{"platform": p, "downloads": n} for p, n in _ranked(self.platforms)],
        }

    def table(self) -> str:
        """The terminal's view: one line per article, then totals, apps and platforms."""
        width = max([len("article"), *(len(e.slug) for e in self.episodes)])
        pages = {p.slug: p for p in self.pages}
        head = (f"{'article':<{width}}  {'downloads':>9}  {'listens':>7}  {'views':>6}  "
                f"{'embeds':>6}")
        rows = [head, "-" * len(head)]
        for e in self.episodes:
            p = pages[e.slug]
            rows.append(f"{e.slug:<{width}}  {e.downloads:>9}  {e.listens:>7}  {p.views:>6}  "
                        f"{p.embed_loads:>6}")
        totals = self.to_json()["totals"]
        rows.append("-" * len(head))
        rows.append(f"{'total':<{width}}  {totals['downloads']:>9}  {totals['listens']:>7}  "
                    f"{totals['views']:>6}  {totals['embed_loads']:>6}")
        for label, counts in (("apps", self.apps), ("platforms", self.platforms)):
            if counts:
                rows.append(f"{label}: " + ", ".join(f"{n} {name}" for name, n
                                                     in _ranked(counts)[:8]))
        lines = sum(log.lines for log in self.logs)
        unreadable = sum(log.unreadable for log in self.logs)
        rows.append(f"read {lines} new log lines from {len(self.logs)} logs"
                    + (f", {unreadable} unreadable" if unreadable else "")
                    + f"; not counted: {self.bot_requests} bot requests, {self.under_a_minute} "
                    "under a minute of audio")
        rows.extend(log.error if log.error else f"{log.name}: not an access log in a known "
                    f"format ({known_formats()})" for log in self.logs
                    if log.format is None or log.error)
        return "\n".join(rows)


def make_report(tally: Tally, index: SiteIndex, logs: list[LogSummary],
                since: dt.date | None, until: dt.date | None) -> Report:
    """The counts of the days from `since` to `until` (both included; None: no limit)."""
    def within(day: str) -> bool:
        return (since is None or day >= since.isoformat()) and (
            until is None or day <= until.isoformat())

    downloads = {k: n for k, n in tally.downloads.items() if within(k[1])}
    embeds = {k: n for k, n in tally.embeds.items() if within(k[1])}
    by_slug: dict[str, dict[str, Any]] = {slug: {
        "downloads": {}, "listens": 0, "views": 0, "embeds": {}, "curve": [0] * CURVE_POINTS,
    } for slug in index.episodes}
    for key, n in downloads.items():
        if key[0] in by_slug:
            by_slug[key[0]]["downloads"][key] = n
    for place, n in embeds.items():
        if place[0] in by_slug:
            by_slug[place[0]]["embeds"][place] = n
    for name, per_day in (("listens", tally.listens), ("views", tally.views)):
        for (slug, day), n in per_day.items():
            if slug in by_slug and within(day):
                by_slug[slug][name] += n
    for (slug, day), points in tally.curves.items():
        if slug in by_slug and within(day):
            mine = by_slug[slug]
            mine["curve"] = [a + b for a, b in zip(mine["curve"], points, strict=True)]
    episodes, pages = [], []
    for slug, episode in index.episodes.items():
        mine = by_slug[slug]
        own = mine["downloads"]
        hosts = _sum_by(mine["embeds"], 2)
        episodes.append(EpisodeStats(
            slug, episode.title, round(episode.duration_ms / 1000), sum(own.values()),
            mine["listens"], _sum_by(own, 1), _sum_by(own, 2), _sum_by(own, 3),
            tuple(mine["curve"])))
        pages.append(PageStats(slug, episode.title, mine["views"], sum(hosts.values()), hosts,
                               mine["listens"], sum(own.values())))
    episodes.sort(key=lambda e: (-e.downloads, e.slug))
    pages.sort(key=lambda p: (-p.views - p.embed_loads, p.slug))
    days: dict[str, dict[str, int]] = {}
    views = {k: n for k, n in tally.views.items() if within(k[1])}
    kinds: tuple[tuple[str, dict[Any, int]], ...] = (
        ("downloads", downloads), ("views", views), ("embed_loads", embeds))
    for name, counts in kinds:
        for day, n in _sum_by(counts, 1).items():
            days.setdefault(day, {"downloads": 0, "views": 0, "embed_loads": 0})[name] = n
    return Report(since, until, tuple(logs), tuple(episodes), tuple(pages), days,
                  _sum_by(downloads, 2), _sum_by(downloads, 3), tally.bots, tally.short)


def _sum_by(counts: dict[Any, int], at: int) -> dict[str, int]:
    """The counts added up by one field of their keys, in the field's order."""
    summed: Counter[str] = Counter()
    for key, n in counts.items():
        summed[key[at]] += n
    return dict(sorted(summed.items()))


def _ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

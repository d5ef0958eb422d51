"""`reader stats --html FILE`: one self-contained page with the report's charts drawn as
inline SVG. No script at all (its CSP forbids any), no font or file from anywhere else: it
opens from a disk, an e-mail or a shared folder alike. Geometry is computed here; the
template (autoescaped) only places it."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..fsutil import write_text_atomic
from .iab import CURVE_POINTS
from .report import Report

WIDTH, HEIGHT = 640, 160  # a chart's drawing area, in SVG units


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def write_html(report: Report, target: Path) -> None:
    """Write the report page to `target` atomically; UserError naming it when it cannot."""
    try:
        write_text_atomic(target, render(report))
    except OSError as exc:
        raise UserError(f"cannot write the report ({exc.strerror})", path=target) from None


def render(report: Report) -> str:
    data = report.to_json()
    days = [(d["day"], d["downloads"]) for d in data["days"]]
    curves = [(e["title"], e["slug"], _curve(e["curve"]), max(e["curve"]))
              for e in data["episodes"] if any(e["curve"])]
    articles = [(p["title"], p["views"], p["embed_loads"], p["listens"]) for p in data["pages"]]
    top = max([1, *(max(v, e, listen) for _, v, e, listen in articles)])
    return _template().render(
        report=data, width=WIDTH, height=HEIGHT, day_bars=_columns(days),
        curves=curves, articles=articles, article_top=top,
        apps=_rows([(a["app"], a["downloads"]) for a in data["apps"][:10]]),
        platforms=_rows([(p["platform"], p["downloads"]) for p in data["platforms"][:10]]),
    )


def _columns(values: list[tuple[str, int]]) -> list[Bar]:
    """Vertical bars filling the chart's width, scaled to the largest value."""
    if not values:
        return []
    top = max(1, *(v for _, v in values))
    step = WIDTH / len(values)
    bars = []
    for i, (label, value) in enumerate(values):
        height = HEIGHT * value / top
        bars.append(Bar(label, value, i * step + step * 0.1, HEIGHT - height, step * 0.8, height))
    return bars


def _rows(values: list[tuple[str, int]]) -> list[Bar]:
    """Horizontal bars, one per row of 22 units, after a 200-unit label, scaled to the
    largest value, leaving room for the value's text."""
    top = max([1, *(v for _, v in values)])
    return [Bar(label, value, 0, i * 22, (WIDTH - 250) * value / top, 16)
            for i, (label, value) in enumerate(values)]


def _curve(points: list[int]) -> str:
    """The drop-off as an SVG polyline's points: the share of those who fetched the first
    twentieth who also fetched each later one (100 % at the top)."""
    top = max(points) or 1
    step = WIDTH / (CURVE_POINTS - 1)
    return " ".join(f"{i * step:.1f},{HEIGHT - HEIGHT * n / top:.1f}"
                    for i, n in enumerate(points))


@functools.cache
def _template() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("reader.stats", "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    ).get_template("report.html.j2")

"""`reader stats`: downloads, listening and reading from the host's own access logs.

Logs in any registered format (formats/) are read as a stream, oldest first (read.py);
each request is matched to an article of the built site (site.py), and counted by the IAB
rules with salted, short-lived deduplication keys (iab.py, agents.py for the user agents);
the counts are kept by day without anything that identifies a person (state.py), and
reported for the days asked (report.py: a table, JSON; html.py: a page with charts).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..layout import STATS_STATE
from .iab import Counting
from .read import log_files, read_log, survey
from .report import Report, make_report
from .site import load_site
from .state import State

__all__ = ["STATS_STATE", "Report", "collect"]


def collect(logs: list[Path], site: Path, *, since: dt.date | None = None,
            until: dt.date | None = None, state: Path | None = None) -> Report:
    """Count the requests in `logs` for the articles of the built `site`, and report the days
    from `since` to `until`. With `state`, continue from where the last run with that state
    stopped (only what is new in each log is read) and save where this one stopped."""
    index = load_site(site)
    saved = State.load(state, site)
    counting = Counting(index, saved.tally, saved.windows, saved.salts)
    summaries = []
    for log in survey(log_files(logs)):
        summary, offset = read_log(log, saved.offsets.get(log.fingerprint, 0), counting.add)
        if log.fingerprint:
            saved.offsets[log.fingerprint] = offset
        summaries.append(summary)
    counting.sweep(counting.latest)
    report = make_report(counting.snapshot(), index, summaries, since, until)
    if state is not None:
        saved.tally, saved.windows, saved.salts = counting.tally, counting.windows, counting.salts
        saved.save(state)
    return report

"""The combined log format: nginx's and Apache's default, and Caddy's with its
transform-encoder. `host ident user [time] "request" status bytes "referer" "agent"`,
optionally followed by more quoted fields: when the one after the agent is a Range header
(nginx: `log_format stats '$remote_addr ... "$http_user_agent" "$http_range"'`, see
docs/stats.md), the drop-off curve knows where each partial response began."""

from __future__ import annotations

import re

from .base import QUOTED, Hit, LogFormat, clf_time, range_start, to_int

LINE = re.compile(
    r'(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}) (\d+|-) '
    + QUOTED + " " + QUOTED + "(?: " + QUOTED + ")?"
)


class Combined(LogFormat):
    name = "combined"
    description = "combined log format (nginx, Apache, Caddy)"
    pattern = LINE

    def parse(self, line: str) -> Hit | None:
        match = LINE.match(line)
        if match is None:
            return None
        client, when, method, target, status, sent, referer, agent, extra = match.groups()
        moment = clf_time(when)
        if moment is None:
            return None
        status_code = int(status)
        first = range_start(extra) if extra else None
        if first is None and status_code == 200:
            first = 0
        return Hit(moment, client, method, target.split("?", 1)[0], status_code, to_int(sent),
                   referer, agent, first)

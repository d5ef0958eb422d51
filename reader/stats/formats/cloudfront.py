"""Amazon CloudFront standard logs (access logs, "legacy"): tab-separated, with
`#Version:` and `#Fields:` directives naming the columns
(docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html).
The columns are found by name, so any order or subset with the ones read here works;
`sc-range-start` gives the curve where a partial response began."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

from .base import Hit, LogFormat, to_int

_NEEDED = ("date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status", "sc-bytes",
           "cs(Referer)", "cs(User-Agent)")
# CloudFront's own default order, for a file whose #Fields line is missing.
_DEFAULT = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
            "cs(Referer) cs(User-Agent) cs-uri-query").split()


class CloudFront(LogFormat):
    name = "cloudfront"
    description = "CloudFront standard log"
    directives = True

    def __init__(self) -> None:
        self._columns = {name: i for i, name in enumerate(_DEFAULT)}

    def reset(self) -> None:
        self._columns = {name: i for i, name in enumerate(_DEFAULT)}

    def recognises(self, line: str) -> bool:
        return line.startswith("#Version:") or line.startswith("#Fields:")

    def directive(self, line: str) -> bool:
        if line.startswith("#Fields:"):
            self._columns = {name: i for i, name in enumerate(line[8:].split())}
        return line.startswith("#")

    def parse(self, line: str) -> Hit | None:
        fields = line.rstrip("\r\n").split("\t")
        column = self._columns
        try:
            values = [fields[column[name]] for name in _NEEDED]
        except (KeyError, IndexError):
            return None
        day, time, client, method, stem, status, sent, referer, agent = values
        try:
            moment = dt.datetime.fromisoformat(f"{day}T{time}+00:00").timestamp()
        except ValueError:
            return None
        if not status.isdigit():
            return None
        start = fields[column["sc-range-start"]] if "sc-range-start" in column else "-"
        status_code = int(status)
        first = int(start) if start.isdigit() else (0 if status_code == 200 else None)
        # Referer and agent are URL-encoded in these logs (a space is %20, or %2520).
        return Hit(moment, client, method, unquote(stem), status_code, to_int(sent),
                   unquote(unquote(referer)), unquote(unquote(agent)), first)

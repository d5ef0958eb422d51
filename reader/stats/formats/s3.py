"""Amazon S3 server access logs (and the S3-compatible stores that write them):
`owner bucket [time] remote-ip requester request-id operation key "request-uri" status
error-code bytes-sent object-size total-time turn-around "referer" "user-agent" ...`
(docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html). They record no Range
header: a partial response (206) adds its bytes to the download but not to the curve."""

from __future__ import annotations

import re
from urllib.parse import unquote

from .base import QUOTED, Hit, LogFormat, clf_time, to_int

LINE = re.compile(
    r"\S+ \S+ \[([^\]]+)\] (\S+) \S+ \S+ (\S+) (\S+) " + r'"(?:(\S+) (\S+)[^"]*|-)" '
    + r"(\d{3}|-) \S+ (\d+|-) (\d+|-) \S+ \S+ " + QUOTED + " " + QUOTED
)


class S3(LogFormat):
    name = "s3"
    description = "S3 server access log"
    pattern = LINE

    def parse(self, line: str) -> Hit | None:
        match = LINE.match(line)
        if match is None:
            return None
        when, client, operation, key, method, uri, status, sent, _size, referer, agent = (
            match.groups())
        if not status.isdigit():
            return None
        moment = clf_time(when)
        if moment is None:
            return None
        # The key is the object's name in the bucket (URL-encoded): the site's path. A
        # request of the bucket itself has none ("-"): its URI's path stands in.
        path = "/" + unquote(key) if key != "-" else unquote((uri or "/").split("?", 1)[0])
        verb = method or operation.split(".")[1]
        status_code = int(status)
        return Hit(moment, client, verb, path, status_code, to_int(sent),
                   referer, agent, 0 if status_code == 200 else None)

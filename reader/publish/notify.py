"""Tell directories the feed changed, so new episodes show up in minutes, not hours.

`podcastindex` pings Podcast Index's hub (no key needed); any other entry is a WebSub hub
(W3C WebSub 1.0 "publish" ping, which Google's and Superfeedr's hubs accept). A failed ping
is reported and never fails the publish: the feed is already live.
"""

from __future__ import annotations

from collections.abc import Sequence

import requests

PODCAST_INDEX = "https://api.podcastindex.org/api/1.0/hub/pubnotify"
TIMEOUT_S = 10


def notify_all(feed_url: str, services: Sequence[str]) -> list[str]:
    """Ping each service; returns one line per service saying how it went."""
    return [_notify(feed_url, service) for service in services]


def _notify(feed_url: str, service: str) -> str:
    try:
        if service == "podcastindex":
            answer = requests.get(PODCAST_INDEX, params={"url": feed_url}, timeout=TIMEOUT_S)
        else:
            answer = requests.post(service, data={"hub.mode": "publish", "hub.url": feed_url},
                                   timeout=TIMEOUT_S)
    except requests.RequestException as exc:
        return f"notify {service}: failed ({type(exc).__name__}); the feed is published anyway"
    if answer.status_code >= 300:
        return (f"notify {service}: HTTP {answer.status_code}; the feed is published anyway")
    return f"notified {service}"

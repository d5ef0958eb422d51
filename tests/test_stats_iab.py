"""The IAB counting of reader stats on its own: windows across midnight, memory held to the
last day's clients, salts dropped."""

from __future__ import annotations

import datetime as dt

from reader.stats.formats import Hit
from reader.stats.iab import Counting
from reader.stats.site import Episode, SiteIndex

APP = "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)"
# Ten minutes at 64 kb/s (8,000 bytes a second) after a 1,000-byte ID3 tag.
EPISODE = Episode("walk", "A Walk", 1_000 + 600 * 8_000, 1_000, 600_000)
MINUTE = 1_000 + 60 * 8_000


def _index() -> SiteIndex:
    return SiteIndex({"walk": EPISODE}, "/")


def _get(when: dt.datetime, client: str, sent: int = EPISODE.size) -> Hit:
    return Hit(when.timestamp(), client, "GET", "/episodes/walk-0123abcd.mp3",
               200 if sent == EPISODE.size else 206, sent, "-", APP, None)


def test_one_minute_of_audio_is_the_header_and_sixty_seconds_at_its_bitrate() -> None:
    assert EPISODE.minute_bytes == MINUTE
    counting = Counting(_index())
    start = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    counting.add(_get(start, "192.0.2.1", MINUTE - 1))
    assert sum(counting.tally.downloads.values()) == 0
    counting.add(_get(start + dt.timedelta(minutes=1), "192.0.2.1", 1))  # the last byte
    assert sum(counting.tally.downloads.values()) == 1


def test_a_window_begun_before_midnight_holds_after_it() -> None:
    counting = Counting(_index())
    evening = dt.datetime(2026, 3, 1, 23, tzinfo=dt.UTC)
    for hours in (0, 2, 23.9, 24.1):  # the last one is 24 h 6 min after the first
        counting.add(_get(evening + dt.timedelta(hours=hours), "192.0.2.1"))
    assert dict(counting.tally.downloads) == {
        ("walk", "2026-03-01", "Overcast", "Apple iPhone"): 1,
        ("walk", "2026-03-02", "Overcast", "Apple iPhone"): 1,
    }


def test_only_the_last_day_of_clients_and_two_salts_are_held() -> None:
    counting = Counting(_index())
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for day in range(5):
        for n in range(500):
            when = start + dt.timedelta(days=day, seconds=n * 170)
            counting.add(_get(when, f"198.51.{day}.{n % 250}{n // 250}"))
    counting.sweep(counting.latest)
    assert len(counting.windows) <= 500  # windows begun in the last 24 hours only
    assert sorted(counting.salts) == ["2026-03-04", "2026-03-05"]
    assert sum(counting.tally.downloads.values()) == 5 * 500
    assert all(len(key) == 16 for key in counting.windows)  # salted hashes, no address

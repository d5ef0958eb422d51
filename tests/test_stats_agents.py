"""User agents as OPAWG's lists name them (the examples are the lists' own)."""

from __future__ import annotations

import pytest

from reader.stats.agents import Agent, classify, load_lists


def test_every_vendored_pattern_is_read() -> None:
    lists = load_lists()
    assert {name: len(entries) > 0 for name, entries in lists.items()} == {
        "bots": True, "apps": True, "libraries": True, "browsers": True, "devices": True}


@pytest.mark.parametrize(("user_agent", "expected"), [
    ("Overcast/3.0 (+http://overcast.fm/; iOS podcast app)",
     Agent("Overcast", "Apple iPhone")),
    ("de.danoeh.antennapod/1.7.3b (Linux;Android 8.0.0) ExoPlayerLib/2.9.3",
     Agent("AntennaPod", "Android Phone")),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:69.0) Gecko/20100101 Firefox/69.0",
     Agent("Firefox", "Windows Computer", browser=True)),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
     Agent("AhrefsBot", "Unknown", bot=True)),
    ("Python-urllib/3.11", Agent("urllib (python)", "Unknown", bot=True)),  # a bot library
    ("-", Agent("Unknown", "Unknown", bot=True)),  # no agent at all
])
def test_apps_browsers_and_bots(user_agent: str, expected: Agent) -> None:
    assert classify(user_agent) == expected

"""Who made a request, from its User-Agent: a bot, or which app on which platform.

The lists are OPAWG's (github.com/opawg/user-agents-v2, MIT), vendored in opawg/ with their
licence and the commit they came from (opawg/SOURCE; scripts/refresh-opawg renews them).
Their own rule for reading them, kept here: "Look for User-Agent matches in this file order:
'bots', 'apps', 'libraries', 'browsers', and return the first entry matched, processing each
entry in order in which they appear in the file"; a library whose category is "bot" is a
bot; the platform comes from the 'devices' file. Nothing here is kept about a request: a
user agent is reduced to an app's and a platform's public names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

UNKNOWN = "Unknown"
# The order OPAWG prescribes (see the module's docstring).
_ORDER = ("bots", "apps", "libraries", "browsers")


@dataclass(frozen=True, slots=True)
class Agent:
    """What a user agent is: a bot (never counted), or an app on a platform. `browser` says
    it plays in a web page (the listening page or the blog's embed): the drop-off curve and
    the "listens" beside page views are made of those."""

    app: str
    platform: str
    bot: bool = False
    browser: bool = False


@dataclass(frozen=True)
class _Entry:
    name: str
    pattern: re.Pattern[str]
    category: str | None


@cache
def load_lists() -> dict[str, tuple[_Entry, ...]]:
    """The vendored lists by file name, their patterns compiled (JavaScript regexes that
    Python's re reads alike: scripts/refresh-opawg checks each one compiles)."""
    folder = resources.files(__package__).joinpath("opawg")
    lists = {}
    for name in (*_ORDER, "devices"):
        entries = json.loads(folder.joinpath(f"{name}.json").read_text("utf-8"))["entries"]
        lists[name] = tuple(
            _Entry(e["name"], re.compile(e["pattern"]), e.get("category")) for e in entries
        )
    return lists


@lru_cache(maxsize=4096)  # a log has few distinct agents and many lines
def classify(user_agent: str) -> Agent:
    """The agent a User-Agent names. An empty one ("-" in a log) is treated as a bot: it
    cannot be told from one, and no podcast app or browser sends none."""
    agent = user_agent.strip()
    if agent in ("", "-"):
        return Agent(UNKNOWN, UNKNOWN, bot=True)
    lists = load_lists()
    for kind in _ORDER:
        for entry in lists[kind]:
            if entry.pattern.search(agent):
                bot = kind == "bots" or entry.category == "bot"
                return Agent(entry.name, _platform(agent), bot=bot, browser=kind == "browsers")
    return Agent(UNKNOWN, _platform(agent))


def browser_names() -> frozenset[str]:
    """The apps that are web browsers (their downloads are plays in a page or an embed)."""
    return frozenset(entry.name for entry in load_lists()["browsers"])


def _platform(agent: str) -> str:
    for entry in load_lists()["devices"]:
        if entry.pattern.search(agent):
            return entry.name
    return UNKNOWN

"""The order of the collection, which is the order pytest-xdist hands it out in.

`make test` runs two workers with `--dist worksteal`: each worker gets one contiguous half
of the collection (the first half to one, the rest to the other), and a worker that runs
out takes the tail of the other's queue. The suite is CPU-bound on two cores, so the order
decides how much work is done twice or waited for:

- Every test that hears a real voice's episode comes first (tests/voice_episode.py): one
  worker speaks the episodes and runs every test that hears them, and no other worker waits
  on the episode's lock doing nothing (one did for 8 s of a run; Kokoro's episode takes
  about a minute and a half where it speaks at about real time).
- Every module that needs a server started once per worker (headless Chromium, the S3
  server) starts the second half, whole: the other worker runs them all, so a run starts
  one Chromium and one S3 server, not one per worker, and a module's own fixtures (the
  sites its tests browse) are built once. Each start costs seconds of CPU.

Both groups keep the collection's order inside them, and so does the rest.
"""

from __future__ import annotations

import pytest

from tests.voice_episode import EPISODE_FIXTURES

SERVER_FIXTURES = frozenset({"browser", "s3_server"})  # session fixtures, once per worker


def _needs(item: pytest.Item, fixtures: frozenset[str]) -> bool:
    return bool(fixtures & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    episode = [item for item in items if _needs(item, EPISODE_FIXTURES)]
    others = [item for item in items if not _needs(item, EPISODE_FIXTURES)]
    served_modules = {item.path for item in others if _needs(item, SERVER_FIXTURES)}
    served = [item for item in others if item.path in served_modules]
    rest = [item for item in others if item.path not in served_modules]
    # pytest-xdist's first worker takes len(items) // 2 tests: the served modules follow.
    first_half = max(0, len(items) // 2 - len(episode))
    items[:] = [*episode, *rest[:first_half], *served, *rest[first_half:]]

"""What podcast directories accept: Apple Podcasts' limits, which the others follow.

Each limit is spelled here once. reader.toml's validation, the feed writer, the cover
converter, `reader check` and the starter file of `reader init` all read it from here.
"""

from __future__ import annotations

# Apple truncates channel and episode descriptions beyond this many bytes (UTF-8).
MAX_TEXT_BYTES = 4000

# Cover art: square, at least this many pixels a side and at most that many.
COVER_MIN_SIDE = 1400
COVER_MAX_SIDE = 3000

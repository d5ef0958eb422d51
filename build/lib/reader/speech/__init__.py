"""Stage 3 — speech: engines behind one interface, the clip cache, the pronunciation lexicon."""

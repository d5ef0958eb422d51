"""Kokoro's voice packs, vendored (see NOTICE): data only, read with importlib.resources."""

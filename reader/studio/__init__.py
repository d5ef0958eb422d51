"""`reader studio`: the author's local app to hear each sentence, fix the words the voice
gets wrong into lexicon.toml, choose the voice by ear and approve articles before they are
published. project.py is the library (no HTTP), app.py the JSON API and pages, server.py
serves them on 127.0.0.1 with a token; docs/studio.md describes the API."""

from .project import Project
from .server import Studio, open_studio, run_studio

__all__ = ["Project", "Studio", "open_studio", "run_studio"]

"""`python -m reader.config`: print docs/configuration.md as the schema makes it
(`make docs` writes it into docs/)."""

from .starter import render_docs

print(render_docs(), end="")

# Everything installs into .venv from PyPI; a fresh machine needs only Python 3.11+, make and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamps say what .venv holds for this pyproject.toml: the demo needs the package alone; the
# developer's targets need its test and bench extras too (a superset: they stamp both).
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_STAMP := $(VENV)/.installed-demo-$(SUM)
STAMP := $(VENV)/.installed-dev-$(SUM)

.PHONY: demo test test-browser lint bench docs messages install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(DEMO_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	rm -f $(VENV)/.installed-demo-*
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	rm -f $(VENV)/.installed-*
	touch $@ $(DEMO_STAMP)

install: $(STAMP)

# The sample podcast: articles/ -> output/ with reader.toml, offline; then check the result.
demo: $(DEMO_STAMP)
	$(BIN)/reader build articles -o output --config reader.toml
	$(BIN)/reader check output
	@echo "Preview it: $(BIN)/reader serve output   (then open http://127.0.0.1:8000/)"

lint: $(STAMP)
	$(BIN)/ruff check reader tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	bash scripts/ensure-chromium
	bash scripts/ensure-test-tools
	# worksteal: the worker that finishes first takes tests queued for the other, so the
	# long real-voice setups do not leave a core idle at the end (about 5 % of the run).
	$(BIN)/pytest -n 2 --dist worksteal

test-browser: $(STAMP)
	bash scripts/ensure-chromium
	bash scripts/ensure-test-tools
	$(BIN)/pytest -m browser

# The catalogues: every message of the code and templates (babel.cfg) into each language's
# reader/locale/catalogues/<locale>/LC_MESSAGES/messages.po, new ones empty for the translator
# (docs/languages.md).
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k markup --sort-output --omit-header -o $(VENV)/messages.pot .
	$(BIN)/pybabel -q update -i $(VENV)/messages.pot -d reader/locale/catalogues --no-fuzzy-matching \
		--ignore-pot-creation-date

# docs/configuration.md from the config schema (reader/config/schema.py).
docs: $(STAMP)
	$(BIN)/python -m reader.config > docs/configuration.md.tmp
	mv docs/configuration.md.tmp docs/configuration.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

# Everything installs into .venv from PyPI; a fresh machine needs only Python 3.11+, make and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamps say what .venv holds for this pyproject.toml: the demo needs the package alone; the
# developer's targets need its test and bench extras too (a superset: they stamp both).
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_STAMP := $(VENV)/.installed-demo-$(SUM)
STAMP := $(VENV)/.installed-dev-$(SUM)

# Python writes the bytecode of what it imports (its default) even where the environment says
# not to (PYTHONDONTWRITEBYTECODE, set in many container images): otherwise every one of the
# test suite's ~180 Python processes compiles all it imports again. Measured on a fresh clone
# with it set: pytest 179 s of wall time (300 CPU s) against 140 s (227 CPU s).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-tools bytecode test-browser lint bench docs messages install clean

# uv installs what pip would (the same versions, from PyPI) in seconds: from a fresh clone
# with every cache cold, the test extras took 3.4 s against pip's 28.7 s, which is most of
# what make test spent outside its tests. The venv's own pip brings it, pinned.
UV_VERSION := 0.13.10
INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'uv==$(UV_VERSION)'

$(DEMO_STAMP): pyproject.toml | $(BIN)/uv
	$(INSTALL) -e .
	rm -f $(VENV)/.installed-demo-*
	touch $@

$(STAMP): pyproject.toml | $(BIN)/uv
	$(INSTALL) -e '.[test,bench]'
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

# The programs the tests run that PyPI does not bring (Chromium, nginx, EPUBCheck, ...):
# installed with apt-get and npm when missing, which on a fresh machine is mostly download.
test-tools:
	bash scripts/ensure-test-tools

# One process imports all the suite imports (pytest's collection) and writes its bytecode,
# before the two workers and the suite's own processes would each compile it again: from a
# tree without bytecode, 146 s in all against 162 s (230 CPU s against 264).
bytecode: $(STAMP)
	$(BIN)/pytest --collect-only -qq -p no:cacheprovider

test:
	# The tools download while the packages install and the bytecode is written: side by
	# side, not in turn.
	$(MAKE) --no-print-directory -j2 --output-sync=target test-tools bytecode
	# Lint (ruff and mypy, about 9 CPU seconds) runs beside the suite at the lowest priority,
	# so it takes the moments the suite leaves a core idle (some 20 core-seconds a run)
	# instead of its own 9 s before it; its report follows the suite's, and either failing
	# fails make test. worksteal: the worker that finishes first takes tests queued for the
	# other, so the long real-voice setups do not leave a core idle at the end.
	@nice -n 19 $(MAKE) --no-print-directory lint > $(VENV)/lint.log 2>&1 & lint=$$!; \
	$(BIN)/pytest -n 2 --dist worksteal; tests=$$?; \
	wait $$lint; linted=$$?; cat $(VENV)/lint.log; \
	test $$tests -eq 0 && test $$linted -eq 0

test-browser: $(STAMP) test-tools
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

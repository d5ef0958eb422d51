# Everything installs into .venv from PyPI; a fresh machine needs only Python 3.11+, make and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test test-browser lint bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

demo: $(STAMP)
	cd articles/.. && $(BIN)/reader build articles -o output
	$(BIN)/reader check output

lint: $(STAMP)
	$(BIN)/ruff check reader tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	bash scripts/ensure-chromium
	$(BIN)/pytest -n 2

test-browser: $(STAMP)
	bash scripts/ensure-chromium
	$(BIN)/pytest -m browser

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) output/episodes output/*.xml output/*.html

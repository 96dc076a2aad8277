# Two commands for a fresh machine: `make run` (serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test install-bench lint format clean

# The docs page test drives Debian's chromium through Playwright, which never downloads a
# browser of its own here.
INSTALL_CHROMIUM = command -v chromium >/dev/null || \
	(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(INSTALL_CHROMIUM)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(INSTALL_CHROMIUM)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

install-bench: $(VENV)/.installed-bench

# How many processes and threads serve: gunicorn.conf.py (one process while the rate limits
# are counted in memory, the default, so that every limit has one count).
run: install
	$(BIN)/icv db upgrade
	$(BIN)/icv demo
	@echo "The field app: http://$(HOST):$(PORT)/ (the demo's sign-ins are in the README)"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: install-test
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance .pytest_cache

# The two commands of the README:
#   make run    install, create the SQLite database with demo data, serve at http://127.0.0.1:5000/
#   make test   install, run the test suite (SQLite)
# CI (.ci/run) also runs `make test-heavy`, `make test-postgres`, `make test-processes`, `make test-search-quality` and
# `make test-browser`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/15
export FLASK_APP := wsgi.py

FAST := not browser and not quality and not processes and not heavy
# What test-postgres runs: the fast suite and the heavy tests.
ON_POSTGRES := not browser and not quality and not processes
# Two test processes: the default run stays under two minutes on a 2-core machine.
XDIST ?= -n 2

.PHONY: run test test-heavy test-processes test-postgres test-search-quality test-browser ci install install-dev services browser-deps wrk-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact versions from the lock files (regenerate with pip-compile, see the README), then the
# project itself without resolving again. requirements.lock: the dependencies and the [prod]
# extra (what a production machine runs); requirements-dev.lock: the same pins and the [dev] tools.
install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e '.[prod]'

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e '.[prod,dev]'

run: install
	$(BIN)/flask forum init
	$(BIN)/flask forum seed-demo
	@echo ""
	@echo "  Forum: http://$(HOST):$(PORT)/"
	@echo ""
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/ruff check forum tests wsgi.py
	$(BIN)/python -m pytest $(XDIST) -m "$(FAST)"

# Real processes racing, killed mid-write, gunicorn with several workers: SQLite, then PostgreSQL.
test-processes: install-dev services wrk-deps
	$(BIN)/python -m pytest -m processes
	TEST_DATABASE_URL=$(PG_URL) TEST_REDIS_URL=$(REDIS_URL) $(BIN)/python -m pytest -m processes

services:
	bash .ci/services

test-postgres: install-dev services
	TEST_DATABASE_URL=$(PG_URL) TEST_REDIS_URL=$(REDIS_URL) $(BIN)/python -m pytest -m "$(ON_POSTGRES)"

# The tests that take seconds each (the whole demo seeded, a world ten times larger, an index
# grown), on SQLite: kept out of `make test` so that it stays under two minutes; test-postgres
# runs them too.
test-heavy: install-dev
	$(BIN)/python -m pytest $(XDIST) -m heavy

test-search-quality: install-dev services
	$(BIN)/python -m pytest -m quality -s
	TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -m quality -s

# wrk loads gunicorn in the page benchmark's test (tests/test_benchmarks.py).
wrk-deps:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }

test-browser: install-dev browser-deps
	$(BIN)/python -m pytest -m browser

ci: test test-heavy test-postgres test-processes test-search-quality test-browser

clean:
	rm -rf $(VENV) *.egg-info test-artifacts

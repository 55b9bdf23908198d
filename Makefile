# Algoscope: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-24s %s\n", $$1, $$2}'

system-packages: ## install the Debian packages the project needs (PostgreSQL server, gettext, Chromium), when root
	@bash scripts/install-system-packages

$(UV):
	$(PYTHON) -m pip install --quiet --user "uv==$(UV_VERSION)"

setup: system-packages $(UV) .env ## create .venv and the design system's CSS from the lock files; compile translations
	$(UV) sync --frozen --python $(PYTHON)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/build_design_system.py
	cd src/algoscope && ALGOSCOPE_ENV_FILE=/nonexistent ../../$(BIN)/algoscope compilemessages -v0

.env:
	@echo "# Local development settings written by 'make setup'. Not used in production." > .env
	@echo "ALGOSCOPE_DEBUG=1" >> .env
	@echo "ALGOSCOPE_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env

run: setup ## set everything up and serve the site with demo data on SQLite at http://127.0.0.1:8000 (and its worker)
	$(BIN)/algoscope migrate --no-input -v0
	$(BIN)/algoscope load_demo
	$(BIN)/algoscope work & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/algoscope runserver $(HOST):$(PORT)

test: setup lint ## set everything up and run the whole test suite (two processes at a time; each log printed whole when it ends; all parts run even when one fails)
	$(MAKE) --no-print-directory --keep-going -j2 --output-sync=target test-sqlite-no-browser test-postgres test-browser

lint: ## ruff, mypy, import-linter, migrations up to date
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src/algoscope
	$(BIN)/lint-imports
	$(BIN)/algoscope makemigrations --check --dry-run -v0

test-sqlite: ## pytest on SQLite, with the browser journeys in headless Chromium
	$(BIN)/pytest -q

# `make test` runs the SQLite suite as these two parts beside the PostgreSQL run, two at a time, the longest first
test-sqlite-no-browser: ## pytest on SQLite without the browser journeys
	$(BIN)/pytest -q -m "not e2e"

test-browser: ## the browser journeys and the layout suite in headless Chromium, on SQLite
	$(BIN)/pytest -q -m e2e

test-fast: ## the quick loop while working: SQLite, no browser journeys, no tests marked slow (under two minutes)
	$(BIN)/pytest -q -m "not slow and not e2e"

test-postgres: ## pytest on a throw-away PostgreSQL cluster the harness starts itself (browser journeys, tests on a database of their own and tests that use no database run once, on SQLite)
	$(BIN)/pytest -q --postgres -m "not e2e and not own_database"

bench-register: setup ## benchmark faceted search (100,000 records) against Datasette; see docs/performance.md
	$(UV) sync --frozen --group bench --python $(PYTHON)
	$(BIN)/python bench/bench_register.py $(BENCH_ARGS)

openapi-snapshot: ## rewrite tests/contract/openapi.json after an intended API change
	$(BIN)/python -c "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'algoscope.config.settings'); import django; django.setup(); from algoscope.site.api import api; print(json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True))" > tests/contract/openapi.json

format: ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

clean: ## remove the environment and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache node_modules src/algoscope/static/css/nlds.css

bench-load: setup ## the production server under a realistic mix (100,000 records, 16 clients, SQLite and PostgreSQL); see docs/reliability.md
	$(UV) sync --frozen --group bench --python $(PYTHON)
	$(BIN)/python bench/bench_load.py $(BENCH_ARGS)

bench-audit: setup ## benchmark the audit engine against Fairlearn (1M, 10M, 100M rows); see docs/performance.md
	$(UV) sync --frozen --group dev --python $(PYTHON)
	$(BIN)/python bench/bench_audit.py $(BENCH_ARGS)

bench-sortition: setup ## benchmark LEXIMIN/MAXIMIN against sortition-algorithms; see docs/performance.md
	$(UV) sync --frozen --group bench --python $(PYTHON)
	$(BIN)/python bench/bench_sortition.py $(BENCH_ARGS)

.PHONY: help system-packages setup run test lint test-sqlite test-sqlite-no-browser test-browser test-fast test-postgres bench-register bench-load bench-audit bench-sortition openapi-snapshot format clean

# The commands in the README: `make serve`, `make test` and `make demo`.
# Each sets up what it needs on a fresh machine first.

VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test lint bench chromium demo

# Re-install when the package's dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

# Linters for the site's own CSS and JavaScript (stylelint, eslint), from the npm registry.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Build the example handbook and serve it, rebuilding on every change.
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --livereload --dev-addr $(HOST)

## Build the example from a scripted repository with a 2019-2026 history, then serve
## it. DEMO_OUT=DIR keeps the repository and site there (default: a new temporary
## folder); DEMO_ARGS=--build-only builds without serving.
DEMO_OUT ?=
demo: $(VENV)/.installed
	DEMO_OUT=$(DEMO_OUT) $(BIN)/python scripts/demo.py --dev-addr $(HOST) $(DEMO_ARGS)

## Run the whole test suite: lint, type check, unit, build, history and browser tests.
test: $(VENV)/.installed node_modules/.installed chromium
	$(BIN)/ruff check .
	$(BIN)/mypy
	npm run --silent lint
	$(BIN)/python -m pytest

lint: $(VENV)/.installed node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	npm run --silent lint

## Benchmarks (an hour or more): build time against plain Material, history against the peer.
## HISTORY_REPO=path/to/a/clone adds a real repository to the history one.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/history.py $(if $(HISTORY_REPO),--repo $(HISTORY_REPO))
	$(BIN)/python bench/weight.py
	$(BIN)/python bench/serve.py

# Browser tests drive Debian's Chromium; Playwright's own browser download
# cannot work on machines that reach only the package registries. Elsewhere
# (a CI runner with Chrome), point HANDBOOK_CHROMIUM at the browser instead.
chromium:
	@if [ -n "$$HANDBOOK_CHROMIUM" ] && [ -x "$$HANDBOOK_CHROMIUM" ]; then :; \
	elif [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

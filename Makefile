# The site's commands. `make html` and `make test` set everything up on a fresh
# machine: a virtualenv with the pinned Python packages, and for the tests
# Debian's chromium and the npm packages of package-lock.json.
# Variables follow pelican-quickstart: INPUTDIR, OUTPUTDIR, CONFFILE, PUBLISHCONF, PORT, SERVER.

PY ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INPUTDIR ?= content
OUTPUTDIR ?= output
CONFFILE ?= pelicanconf.py
PUBLISHCONF ?= publishconf.py
PORT ?= 8000
SERVER ?= 127.0.0.1
TESTS ?= tests
# Paths reach the commands through the environment ("$$OUTPUTDIR"), so a space or a quote
# in one is never read by the shell as syntax.
export INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF PORT SERVER

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help html regenerate clean distclean serve devserver publish check test lint event bench lighthouse browser-deps

help:
	@echo 'Commands:'
	@echo '  make html         build the site into $(OUTPUTDIR)/ (INPUTDIR=… OUTPUTDIR=… to build another tree)'
	@echo '  make check        check every entry of $(INPUTDIR)/ without building (fast)'
	@echo '  make serve        serve $(OUTPUTDIR)/ on http://$(SERVER):$(PORT)/'
	@echo '  make devserver    rebuild on every save, reload the browser, show errors in the page'
	@echo '  make event TITLE="…" DATE="…"   write a new event entry from the template'
	@echo '  make publish      build the published site with $(PUBLISHCONF)'
	@echo '  make test         run every test (unit, end-to-end, browser, HTML checker, links)'
	@echo '  make lint         ruff'
	@echo '  make bench        benchmark 1,000 and 10,000 events against stock Pelican (and Hugo if installed)'
	@echo '  make lighthouse   Lighthouse scores and transfer weights of key pages'
	@echo '  make clean        remove $(OUTPUTDIR)/ and its caches (only what builds made)'
	@echo '  make distclean    also the test and lint caches'

$(VENV)/.runtime: requirements.txt
	@test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

node_modules/.test: package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	@touch $@

node_modules/.all: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@ node_modules/.test

# Debian packages the tests drive: chromium (browser tests), faketime (builds on other days).
browser-deps:
	@command -v chromium >/dev/null && command -v faketime >/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends chromium faketime; }

html: $(VENV)/.runtime
	$(PYTHON) -m timeline build -s "$$CONFFILE" -i "$$INPUTDIR" -o "$$OUTPUTDIR"

regenerate: devserver

check: $(VENV)/.runtime
	$(PYTHON) -m timeline check "$$INPUTDIR"

serve: $(VENV)/.runtime
	$(PYTHON) -m timeline serve -o "$$OUTPUTDIR" --port "$$PORT" --bind "$$SERVER"

devserver: $(VENV)/.runtime
	$(PYTHON) -m timeline devserver -s "$$CONFFILE" -i "$$INPUTDIR" -o "$$OUTPUTDIR" --port "$$PORT" --bind "$$SERVER"

publish: $(VENV)/.runtime
	$(PYTHON) -m timeline build --publish -s "$$PUBLISHCONF" -i "$$INPUTDIR" -o "$$OUTPUTDIR"

# TITLE, DATE and SLUG reach new-event through the environment as typed: `:=` with $(value …)
# keeps make from expanding a "$" in them (a command-line variable is expanded when exported,
# $(shell …) included), and the recipe never writes them into a command line for the shell.
override TITLE := $(value TITLE)
override DATE := $(value DATE)
override SLUG := $(value SLUG)
export TITLE DATE SLUG INPUTDIR

event: $(VENV)/.runtime
	$(PYTHON) -m timeline new-event --from-env -i "$$INPUTDIR"

test: $(VENV)/.dev node_modules/.test browser-deps
	$(PYTHON) -m ruff check timeline tests benchmarks pelicanconf.py publishconf.py
	$(PYTHON) -m pytest -n 2 $(TESTS)

lint: $(VENV)/.dev
	$(PYTHON) -m ruff check timeline tests benchmarks pelicanconf.py publishconf.py
	$(PYTHON) -m ruff format --check timeline tests benchmarks

bench: $(VENV)/.dev
	$(PYTHON) -m benchmarks run --sizes 1000 10000 --out bench-results

lighthouse: $(VENV)/.dev node_modules/.all browser-deps
	$(PYTHON) -m benchmarks lighthouse --out bench-results

# Deletes only what builds made (their folders carry a marker file): never a folder of yours.
clean: $(VENV)/.runtime
	@$(PYTHON) -m timeline clean -o "$$OUTPUTDIR"

distclean: clean
	rm -rf .pytest_cache .ruff_cache .hypothesis bench-results

# The site's commands. `make html` and `make test` set everything up on a fresh
# machine: a virtualenv with the pinned Python packages, and for the tests
# Debian's chromium and faketime and the npm packages of package-lock.json (`make setup`).
# Variables follow pelican-quickstart: INPUTDIR, OUTPUTDIR, CONFFILE, PUBLISHCONF, PORT, SERVER.
#
# Python: by default $(VENV)/bin/python, the virtualenv made (and kept in step with the
# requirements files) from $(PY) before any command runs. `make … PYTHON=/path/to/python`
# on the command line runs that interpreter as it is instead: no virtualenv is made and
# nothing is installed (the tests call make this way, with the interpreter running them).

PY ?= python3
VENV ?= .venv
ifeq ($(origin PYTHON),command line)
RUNTIME :=
DEV :=
else
PYTHON := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime
DEV := $(VENV)/.dev
endif
INPUTDIR ?= content
OUTPUTDIR ?= output
CONFFILE ?= pelicanconf.py
PUBLISHCONF ?= publishconf.py
PORT ?= 8000
SERVER ?= 127.0.0.1
TESTS ?= tests
# make sources-check: where the report goes, and the Wayback Machine's availability API (tests: a local server)
OUT ?= sources-report
WAYBACK_API ?= https://archive.org/wayback/available
# Paths reach the commands through the environment ("$$OUTPUTDIR"), so a space or a quote
# in one is never read by the shell as syntax.
export PYTHON INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF PORT SERVER OUT WAYBACK_API

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help html regenerate clean distclean serve devserver publish check test unit lint event bench lighthouse \
	screenshots sources-check setup browser-deps faketime-deps

help:
	@echo 'Commands:'
	@echo '  make html         build the site into $(OUTPUTDIR)/ (INPUTDIR=… OUTPUTDIR=… to build another tree)'
	@echo '  make check        check every entry of $(INPUTDIR)/ without building (fast)'
	@echo '  make serve        serve $(OUTPUTDIR)/ on http://$(SERVER):$(PORT)/'
	@echo '  make devserver    rebuild on every save, reload the browser, show errors in the page'
	@echo '  make event TITLE="…" DATE="…"   write a new event entry from the template'
	@echo '  make publish      build the published site with $(PUBLISHCONF)'
	@echo '  make test         ruff, then every test (unit, end-to-end, browser, HTML checker, links)'
	@echo '  make unit         every test but the browser ones (no chromium, no npm)'
	@echo '  make setup        install what the tests drive: Debian chromium and faketime, the npm packages'
	@echo '  make lint         ruff (check and format)'
	@echo '  make bench        benchmark 1,000 and 10,000 events against stock Pelican (and Hugo if installed)'
	@echo '  make lighthouse   Lighthouse scores and transfer weights of key pages'
	@echo '  make screenshots  PNGs of the index, an event, an actor and a year page (390/1366 px, light/dark)'
	@echo '  make sources-check  online, by hand: dead and moved source links, archived copies (OUT=$(OUT))'
	@echo '  make clean        remove $(OUTPUTDIR)/ and its caches (only what builds made)'
	@echo '  make distclean    also the test and lint caches'
	@echo 'PYTHON=/path/to/python runs that interpreter as it is (no .venv, nothing installed).'

$(VENV)/.runtime: requirements.txt
	@test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

node_modules/.test: package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	@touch $@

node_modules/.all: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@ node_modules/.test

# Debian packages the tests drive: chromium (browser tests), faketime (builds on other days).
# $(call apt,PACKAGES) installs those whose command (named like the package) is missing.
apt = @missing=; for package in $(1); do command -v $$package >/dev/null || missing="$$missing $$package"; done; \
	[ -z "$$missing" ] || { $(SUDO) apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; }

browser-deps:
	$(call apt,chromium faketime)

faketime-deps:
	$(call apt,faketime)

setup: browser-deps node_modules/.test

html: $(RUNTIME)
	"$$PYTHON" -m timeline build -s "$$CONFFILE" -i "$$INPUTDIR" -o "$$OUTPUTDIR"

regenerate: devserver

check: $(RUNTIME)
	"$$PYTHON" -m timeline check "$$INPUTDIR"

serve: $(RUNTIME)
	"$$PYTHON" -m timeline serve -o "$$OUTPUTDIR" --port "$$PORT" --bind "$$SERVER"

devserver: $(RUNTIME)
	"$$PYTHON" -m timeline devserver -s "$$CONFFILE" -i "$$INPUTDIR" -o "$$OUTPUTDIR" --port "$$PORT" --bind "$$SERVER"

publish: $(RUNTIME)
	"$$PYTHON" -m timeline build --publish -s "$$PUBLISHCONF" -i "$$INPUTDIR" -o "$$OUTPUTDIR"

# TITLE, DATE and SLUG reach new-event through the environment as typed: `:=` with $(value …)
# keeps make from expanding a "$" in them (a command-line variable is expanded when exported,
# $(shell …) included), and the recipe never writes them into a command line for the shell.
override TITLE := $(value TITLE)
override DATE := $(value DATE)
override SLUG := $(value SLUG)
export TITLE DATE SLUG INPUTDIR

event: $(RUNTIME)
	"$$PYTHON" -m timeline new-event --from-env -i "$$INPUTDIR"

test: $(DEV) setup lint
	"$$PYTHON" -m pytest -n 2 --dist loadgroup $(TESTS)

unit: $(DEV) faketime-deps
	"$$PYTHON" -m pytest -n 2 --dist loadgroup -m "not browser" $(TESTS)

lint: $(DEV)
	"$$PYTHON" -m ruff check timeline tests benchmarks tools pelicanconf.py publishconf.py
	"$$PYTHON" -m ruff format --check timeline tests benchmarks tools

bench: $(DEV)
	"$$PYTHON" -m benchmarks run --sizes 1000 10000 --out bench-results

lighthouse: $(DEV) node_modules/.all browser-deps
	"$$PYTHON" -m benchmarks lighthouse --out bench-results

# Index, event, actor and year pages at 390 and 1366 px, light and dark, into screenshots/ (git-ignored).
screenshots: $(DEV) browser-deps
	"$$PYTHON" -m benchmarks.screenshots --out screenshots

# Online, run by hand by maintainers; never part of html or test (its tests use a local server).
# Every cited address of $(INPUTDIR)/, the dead ones looked up in the Wayback Machine, into $(OUT)/
# (git-ignored): report.md and report.json. It never edits content; it exits 1 when a link is dead.
sources-check: $(RUNTIME)
	"$$PYTHON" -m tools.sources_check "$$INPUTDIR" --out "$$OUT" --wayback-api "$$WAYBACK_API"

# Deletes only what builds made (their folders carry a marker file): never a folder of yours.
clean: $(RUNTIME)
	@"$$PYTHON" -m timeline clean -o "$$OUTPUTDIR"

distclean: clean
	rm -rf .pytest_cache .ruff_cache .hypothesis bench-results

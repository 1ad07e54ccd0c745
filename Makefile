# The two commands: `make build` (site into site/) and `make test` (every test).
# Both set up their own virtual environment with the pinned packages, so a fresh clone
# on a machine with only Python 3.11+ and make is enough (make test also installs
# Debian's chromium for the browser tests when it is missing).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# pytest workers (pytest-xdist) for make test and make check; the site fixtures build once per worker
JOBS   ?= 2
export NO_MKDOCS_2_WARNING := 1
# Compiled bytecode kept in the virtual environment, not beside the sources: without it every Python
# process (each engine run, each CLI call in the tests) compiled every module it imported again, a third of
# a small build's time. Empty, not unset: a shell's PYTHONDONTWRITEBYTECODE=1 would switch the cache off.
export PYTHONDONTWRITEBYTECODE :=
# (apt-get runs without it: APT_INSTALL below)
export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: build test check validate release ingest resolve new-region serve stats fmt lint bench weight lighthouse new-document browser-deps lighthouse-deps clean help

help:
	@echo "make build      validate the data and build the site into site/"
	@echo "make check      the editor's quick check: lint, unit and data tests, validate (under a minute)"
	@echo "make test       run every test (unit, data, built site, browser, slow): what CI runs"
	@echo "make validate   check the data only (every problem in one run), and that it is the release data/dataset.yaml names"
	@echo "make release    record the data as the version in data/dataset.yaml (releases.json, CHANGELOG.md, CITATION.cff)"
	@echo "make ingest     draft YAML for seeds that have none yet"
	@echo "make resolve    fill agency: for every unit whose printed name is a known alias (DOC=data/documents/<id>.yaml for one)"
	@echo "make new-region ID=… ZH=… EN=… PARENT=… LEVEL=…   add a region and list the next steps"
	@echo "make serve      live preview at http://127.0.0.1:8000/"
	@echo "make stats      per-document counts"
	@echo "make fmt        rewrite data files in the canonical YAML style"
	@echo "make new-document SEED=seeds/<id>.txt   draft a document (.txt, .html, .docx) and list what to fill in"
	@echo "make weight     first-visit bytes per page type of the built site"
	@echo "make lighthouse Lighthouse scores (mobile) of five page types in both languages; fails below 100 in A11y/BP/SEO"
	@echo "make bench      build at scales 1, 10, 100 (SCALES=1,10 to choose) against Hugo; table in bench-results/"
	@echo "make lint       ruff"

# The pinned packages go in with uv (itself pinned, from PyPI): it fetches and unpacks wheels in parallel, so a
# fresh clone's install takes seconds (measured under load: pip 54 s wall / 31 CPU-s, uv 16 s / 10 CPU-s,
# the same packages at the same versions). Where uv cannot be had, pip installs the same locks;
# --no-compile: bytecode is written on first import, for the modules used (as uv does), into .venv/pycache.
UV_VERSION := 0.13.8
define install_locks
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	{ $(PY) -m pip install -qq --no-compile uv==$(UV_VERSION) && $(BIN)/uv pip install -q --python $(PY) $(1); } \
	  || { echo "uv could not install the locks: pip installs them"; $(PY) -m pip install -q --no-compile $(1); }
endef

$(VENV)/.build-deps: requirements.txt
	$(call install_locks,-r requirements.txt)
	touch $@

# both locks in one run (one resolution)
$(VENV)/.dev-deps: requirements.txt requirements-dev.txt
	$(call install_locks,-r requirements.txt -r requirements-dev.txt)
	touch $(VENV)/.build-deps $@

# ENGINE=properdocs make build: the same site built by ProperDocs (a dev requirement)
build: $(VENV)/.build-deps $(if $(filter properdocs,$(ENGINE)),$(VENV)/.dev-deps)
	$(PY) -m generator build

validate: $(VENV)/.build-deps
	$(PY) -m generator validate
	$(PY) -m generator release --check

release: $(VENV)/.build-deps
	$(PY) -m generator release

ingest: $(VENV)/.build-deps
	$(PY) -m generator ingest --missing-only

resolve: $(VENV)/.build-deps
	$(PY) -m generator resolve $(DOC)

new-region: $(VENV)/.build-deps
	@test -n "$(ID)" -a -n "$(ZH)" -a -n "$(EN)" -a -n "$(PARENT)" -a -n "$(LEVEL)" || { \
	  echo 'usage: make new-region ID=shijiazhuang ZH=石家庄市 EN=Shijiazhuang PARENT=hebei LEVEL=prefecture [CODE=130100] [ALIAS=石家庄]'; exit 2; }
	$(PY) -m generator new-region "$(ID)" --zh "$(ZH)" --en "$(EN)" --parent "$(PARENT)" --level "$(LEVEL)" \
	  $(if $(CODE),--code "$(CODE)") $(if $(ALIAS),--alias "$(ALIAS)")

stats: $(VENV)/.build-deps
	$(PY) -m generator stats

serve: $(VENV)/.build-deps
	$(PY) -m generator serve

fmt: $(VENV)/.build-deps
	$(PY) -m generator fmt

new-document: $(VENV)/.build-deps
	@test -n "$(SEED)" || { echo "usage: make new-document SEED=seeds/<id>.txt (or .html, .docx)"; exit 2; }
	$(PY) -m generator new-document "$(SEED)"

bench: $(VENV)/.dev-deps browser-deps
	$(PY) -m generator bench --scales $${SCALES:-1,10,100}

weight: $(VENV)/.build-deps
	@test -f site/index.html || $(MAKE) build
	$(PY) -m generator weight

# Lighthouse from npm, pinned by tools/lighthouse/package-lock.json, against Debian's chromium.
lighthouse: $(VENV)/.build-deps browser-deps lighthouse-deps
	@test -f site/index.html || $(MAKE) build
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m generator.tools.lighthouse

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check generator tests

# Debian packages the tests need, as root or with sudo; apt-get runs without the bytecode prefix (the
# system's own packages compile their bytecode where they always do)
APT_INSTALL = SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
  $$SUDO env -u PYTHONPYCACHEPREFIX apt-get update -qq && \
  $$SUDO env -u PYTHONPYCACHEPREFIX DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

# Debian's chromium (Lighthouse) and chromium-headless-shell (Playwright: the same engine, less CPU per page),
# and a Chinese font so screenshots of the Chinese pages show characters, not boxes.
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || missing="chromium"; \
	command -v chromium-headless-shell >/dev/null 2>&1 || missing="$$missing chromium-headless-shell"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "installing for the browser tests:$$missing"; \
	  $(APT_INSTALL) $$missing >/dev/null; \
	fi

# The pinned Lighthouse (make lighthouse, tests/test_lighthouse.py): Node and npm from Debian when missing,
# then `npm ci` whenever the lock changed (npm writes node_modules/.package-lock.json).
lighthouse-deps: tools/lighthouse/node_modules/.package-lock.json

tools/lighthouse/node_modules/.package-lock.json: tools/lighthouse/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "installing for the Lighthouse test: nodejs npm"; \
	  $(APT_INSTALL) nodejs npm >/dev/null; \
	fi
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The edit loop: everything that needs no site build. `make test` is the full suite CI runs.
check: $(VENV)/.dev-deps
	$(BIN)/ruff check generator tests
	$(PY) -m pytest -q -n $(JOBS) -m "(unit or data) and not (slow or site or browser)"
	$(PY) -m generator validate

# the three set-ups side by side (pip, chromium, npm): a fresh clone waits for the longest, not the sum
test:
	@$(MAKE) --no-print-directory -j3 $(VENV)/.dev-deps browser-deps lighthouse-deps
	$(BIN)/ruff check generator tests
	$(PY) -m pytest -n $(JOBS) --dist loadscope --no-loadscope-reorder

clean:
	rm -rf .build site .pytest_cache

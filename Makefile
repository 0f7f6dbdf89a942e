# Two commands set everything up: `make run` and `make test`. See README.md.
.DEFAULT_GOAL := help
.PHONY: help run test lint format messages reset-db clean load

VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python

# The first interpreter that is Python >= 3.12: by name, then pyenv's installs.
define find_python
for p in python3.14 python3.13 python3.12 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
    command -v $$p; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  for p in $$(ls -d "$$(pyenv root)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r); do \
    if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; exit 0; fi; \
  done; \
fi
endef

help:
	@echo "make run    install, migrate, load content and serve on http://127.0.0.1:8000 (with a worker)"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff check and format check, mypy (type check)"
	@echo "make messages  update the translation catalogues (needs gettext)"
	@echo "make reset-db  delete the local SQLite database and set it up again"
	@echo "make load   the busy-day load test on PostgreSQL (bench/README.md; LOAD_ARGS=...)"

$(VENV)/.installed-runtime: requirements.txt
	@py="$$($(find_python))"; \
	if [ -z "$$py" ]; then echo "Python 3.12 or newer is needed (python3.12, python3.13, ...); none was found." >&2; exit 1; fi; \
	[ -x $(PYTHON) ] || { echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); }
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Test tools from npm (package-lock.json): the Nu HTML checker, vnu.jar, which runs on Java.
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; Java comes
# from the system. Without npm the HTML check is skipped, except in CI (CI=true), where it fails.
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$CI" = true ]; then echo "npm is needed for the HTML check (vnu-jar)" >&2; exit 1; fi; \
	  echo "npm not found: the HTML check (vnu) will be skipped"; exit 0; fi; \
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@

run: $(VENV)/.installed-runtime
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_checklists
	$(PYTHON) manage.py seed_demo --if-new
	$(PYTHON) manage.py ensure_admin
	@# The development server and one background worker (it renders the stored reports). Ctrl-C
	@# stops both; so does the server stopping on its own (say, the port is taken).
	@export DEBUG=$${DEBUG:-true}; \
	$(PYTHON) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PYTHON) manage.py runserver 127.0.0.1:8000

# PYTEST_ARGS narrows a run, e.g. PYTEST_ARGS='-m "not browser"' (CI's PostgreSQL pass).
# One test worker more than there are cores: a worker often waits (for Chromium, PostgreSQL, a
# subprocess), and on 2 cores a third worker ran a mixed set of files in 151 s against 178 s
# with two (a fourth: 179 s). TEST_WORKERS=n overrides it.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1); echo $$((n + 1)))
test: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

messages: $(VENV)/.installed-runtime
	$(PYTHON) manage.py makemessages --locale nl --ignore '.venv/*' --ignore 'node_modules/*'
	$(PYTHON) manage.py makemessages -d djangojs --locale nl --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'static/vendor/*'
	$(PYTHON) manage.py compilemessages --ignore '.venv/*'

# A benchmark, not a test: it needs PostgreSQL and a role that may create databases, makes and
# drops its own database, and takes about 4 minutes. Options: make load LOAD_ARGS="--duration 60".
load: $(VENV)/.installed-dev
	$(PYTHON) bench/load/run.py $(LOAD_ARGS)

reset-db:
	rm -f db.sqlite3
	$(MAKE) run

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache

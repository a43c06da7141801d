# Two commands set up a fresh machine: `make run` and `make test`. Both create .venv on first use.
# PySide6 6.12's abi3 wheels drop a reference to None/True/False on every void call under Python 3.11,
# which aborts a long-running till; 3.12+ makes those objects immortal (PEP 683). Prefer 3.12+.
PYTHON ?= $(shell for p in python3.12 python3.13 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; exit 0; }; done; echo python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench lint crash sim clean venv package

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/dripos-terminal run --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

crash: $(STAMP)
	QT_QPA_PLATFORM=offscreen DRIPOS_CRASH_KILLS=$(or $(N),1000) $(PY) -m pytest -q -m crash tests

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

sim: $(STAMP)
	$(VENV)/bin/dripos-terminal sim --port $(or $(PORT),12111)

# The one-folder app in dist/dripos-terminal/, then the built app itself run headless (--version,
# status check, printer test to a loopback printer, the demo started and stopped several times):
# prints the folder size and the start time, fails if any step fails. docs/packaging.md explains it.
package: $(STAMP)
	@command -v appstreamcli >/dev/null || { command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq appstream >/dev/null; }
	appstreamcli validate --no-net packaging/com.dripos.Terminal.metainfo.xml
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/dripos-terminal.spec
	$(PY) packaging/check_build.py dist/dripos-terminal

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info

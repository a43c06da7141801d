# Two commands set up a fresh machine: `make run` and `make test`. Both create .venv on first use.
# PySide6 6.12's abi3 wheels drop a reference to None/True/False on every void call under Python 3.11,
# which aborts a long-running till; 3.12+ makes those objects immortal (PEP 683). Prefer 3.12+.
PYTHON ?= $(shell for p in python3.12 python3.13 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; exit 0; }; done; echo python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench lint crash sim clean venv package translations screenshots xvfb

# Translations: the Spanish catalogue's source (.ts) and its compiled form (.qm, in git too so a wheel
# built without make still speaks Spanish; rebuilt here with Qt's own lrelease, which
# PySide6-Essentials ships as pyside6-lrelease, whenever the .ts is newer). `make translations`
# re-reads every tr()/translate()/QT_TRANSLATE_NOOP in src/ into the .ts with lupdate (new messages
# arrive unfinished until translated; tests/ui/test_translations.py fails on any such message).
I18N := src/dripos_terminal/resources/i18n
TS := $(I18N)/dripos_es.ts
QM := $(TS:.ts=.qm)
LUPDATE = $(VENV)/bin/pyside6-lupdate -extensions py -no-obsolete -locations none -source-language en \
	-target-language es src/dripos_terminal -ts


$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

$(QM): $(TS) | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM)

translations: $(STAMP)
	$(LUPDATE) $(TS)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM)

run: $(STAMP) $(QM)
	$(VENV)/bin/dripos-terminal run --demo

test: $(STAMP) $(QM) xvfb
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

crash: $(STAMP) $(QM)
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
package: $(STAMP) $(QM)
	@command -v appstreamcli >/dev/null || { command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq appstream >/dev/null; }
	appstreamcli validate --no-net packaging/com.dripos.Terminal.metainfo.xml
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/dripos-terminal.spec
	$(PY) packaging/check_build.py dist/dripos-terminal

# The layout tests and the screenshots run the till in a real X server (Xvfb, the xcb platform):
# install Debian's Xvfb and Qt's xcb libraries when missing (tests that need them skip without).
XCB_LIBS := libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
xvfb:
	@command -v xvfb-run >/dev/null && ldconfig -p | grep -q libxcb-cursor.so.0 || { \
	  command -v apt-get >/dev/null && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq xvfb xauth $(XCB_LIBS) >/dev/null; } || echo "Xvfb could not be installed: the layout tests skip"

# PNGs of the main screens at 1024x768 and 1920x1080 for the README (docs/screenshots/).
screenshots: $(STAMP) $(QM) xvfb
	for size in 1024x768 1920x1080; do \
	  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 $${size}x24" $(PY) -m tests.support.screen_driver \
	    --screenshots docs/screenshots --suffix $$size --report /dev/null || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info

# Two commands do all the set-up on a fresh machine:
#   make reports   virtual environment, install, render the demo reports into outputs/
#   make test      the same set-up, then the static checks (make lint) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
APT_PACKAGES := chromium poppler-utils fonts-dejavu-core

.PHONY: all reports test lint lab check system-deps clean

all: reports

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# Debian packages for PDF printing and PDF tests; skipped when already present,
# and only attempted as root (or with sudo) when something is missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else \
	    echo "Missing Debian packages:$$missing (run: sudo apt-get install -y$$missing)"; exit 0; fi; \
	  echo "Installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

reports: $(STAMP) system-deps
	$(BIN)/malrapport batch params/demo.yaml

# The static checks take seconds, so they run before the suite and fail first: the import layers declared in
# pyproject.toml, ruff on all Python code, mypy on the package (lib/malrapport, see [tool.mypy]).
lint: $(STAMP)
	$(BIN)/lint-imports --no-logo
	$(BIN)/ruff check lib tests scripts benchmarks
	$(BIN)/mypy

test: lint system-deps
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/malrapport check data/

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(VENV) outputs

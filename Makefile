# Two commands do all the set-up on a fresh machine:
#   make reports   virtual environment, install, render the demo reports into outputs/
#   make test      the same set-up, then the static checks (make lint) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
APT_PACKAGES := fonts-dejavu-core chromium poppler-utils npm  # installed by report-deps (fonts) and system-deps (the rest)
# axe-core, the accessibility checker the browser tests inject into the report pages (no browser download).
AXE_DIR := .axe
AXE_JS  := $(AXE_DIR)/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14

.PHONY: all reports test lint lab check report-deps system-deps axe clean

all: reports

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# Debian packages: the DejaVu fonts for the reports (charts and the Typst PDF), and for the tests Chromium (the
# HTML pages, the chromium PDF engine) and poppler-utils (pdftotext, pdftoppm). Skipped when already present,
# and only attempted as root (or with sudo) when something is missing.
define install_missing
	@missing="$(1)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else \
	    echo "Missing Debian packages:$$missing (run: sudo apt-get install -y$$missing)"; exit 0; fi; \
	  echo "Installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

report-deps:
	$(call install_missing,$$([ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || echo " fonts-dejavu-core"))

system-deps: report-deps
	$(call install_missing,$$(command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || command -v google-chrome >/dev/null 2>&1 || echo " chromium")$$(command -v pdftotext >/dev/null 2>&1 \
	  || echo " poppler-utils")$$(command -v npm >/dev/null 2>&1 || echo " npm"))

# axe-core from npm into the checkout's own folder $(AXE_DIR) (never global); skipped when already there.
axe: $(AXE_JS)

$(AXE_JS): | system-deps
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: sudo apt-get install -y npm"; exit 1; }
	mkdir -p $(AXE_DIR)
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix $(AXE_DIR) --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)

# The reports need no browser: their PDFs are made by Typst in the workers.
reports: $(STAMP) report-deps
	$(BIN)/malrapport batch params/demo.yaml

# The static checks take seconds, so they run before the suite and fail first: the import layers declared in
# pyproject.toml, ruff on all Python code, mypy on the package (lib/malrapport, see [tool.mypy]).
lint: $(STAMP)
	$(BIN)/lint-imports --no-logo
	$(BIN)/ruff check lib tests scripts benchmarks
	$(BIN)/mypy

test: lint system-deps axe
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/malrapport check data/

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(VENV) outputs $(AXE_DIR)

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

.PHONY: all reports test lint lab lab-setup git-filter check report-deps system-deps axe clean

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


# JupyterLab in the project's environment, offline: the server on 127.0.0.1 without news, update checks or the
# extension manager's PyPI look-ups (jupyter/jupyter_lab_config.json), and Lab's settings for reports
# (jupyter/overrides.json: every output of a cell shown, no news pop-up). Installed into .venv, so any
# `.venv/bin/jupyter lab` has them.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_CONFIG   := $(VENV)/etc/jupyter/jupyter_lab_config.json

$(LAB_SETTINGS): jupyter/overrides.json | $(STAMP)
	install -D -m 644 $< $@

$(LAB_CONFIG): jupyter/jupyter_lab_config.json | $(STAMP)
	install -D -m 644 $< $@

# Notebooks are committed without outputs: .gitattributes sends every .ipynb through nbstripout on `git add`
# (cell ids kept, as JupyterLab keeps them), and `git diff` compares them the same way. The command is relative
# to the checkout, where git runs it, so the setting suits every clone and worktree with its own .venv.
git-filter: $(STAMP)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '.venv/bin/python -m nbstripout --keep-id'; \
	  git config filter.nbstripout.smudge cat; \
	  git config diff.ipynb.textconv '.venv/bin/python -m nbstripout --keep-id -t'; \
	fi

lab-setup: $(LAB_SETTINGS) $(LAB_CONFIG) git-filter

# The reports need no browser: their PDFs are made by Typst in the workers.
reports: $(STAMP) report-deps
	$(BIN)/malrapport batch params/demo.yaml

# The static checks take seconds, so they run before the suite and fail first: the import layers declared in
# pyproject.toml, ruff on all Python code, mypy on the package (lib/malrapport, see [tool.mypy]).
lint: $(STAMP)
	$(BIN)/lint-imports --no-logo
	$(BIN)/ruff check lib tests scripts benchmarks
	$(BIN)/mypy

test: lint system-deps lab-setup axe
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/malrapport check data/

# The whole checkout is Lab's root: the report notebooks in notebooks/, the analyses in data/<org>/analyser/.
lab: lab-setup
	$(BIN)/jupyter lab --ServerApp.root_dir=. $$([ "$$(id -u)" = 0 ] && echo --allow-root)

clean:
	rm -rf $(VENV) outputs $(AXE_DIR)

# Two entry points: `make serve` and `make test`. Both create .venv on first use and reuse it after.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8080
BUILD_DIR ?= build
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: serve test validate bench bench-scale vendor clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The build (validate, infer, dumps, store) runs only when the inputs changed: its folder is keyed by their hash.
serve: $(STAMP)
	$(BIN)/sahel-ld build --build-dir $(BUILD_DIR)
	$(BIN)/sahel-ld serve --build-dir $(BUILD_DIR) --host $(HOST) --port $(PORT)

test: $(STAMP)
	# The browser tests drive Debian's chromium, the external engine tests start Debian's Virtuoso; install
	# whichever is missing (one apt-get run).
	missing="$$(test -x /usr/bin/chromium || echo chromium) $$(test -x /usr/bin/virtuoso-t || echo virtuoso-opensource)"; \
	test -z "$$(echo $$missing)" || $(SUDO) sh -c "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing"
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/sahel-ld validate

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Start-up, memory, build time, uncached /sparql and pages at 10 k, 100 k, 1 M and 10 M triples (bench/SCALE.md).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

# Refresh the shipped front-end libraries from the npm registry (pins in src/sahel_ld/web/static/vendor/manifest.json).
vendor: $(STAMP)
	$(BIN)/python tools/vendor.py

clean:
	rm -rf $(VENV) .pytest_cache

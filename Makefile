# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
# For every edit: `make check` (ruff, mypy and the tests that start no server, browser, kernel
# or wheel build; tests/support/lanes.py says how a test is marked). `make docs` builds the site.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check docs bench record-results system-deps install clean

$(BIN)/python:
	@bash scripts/system-deps.sh venv
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# PostgreSQL server binaries and Chromium come from Debian's packages when missing.
system-deps:
	@bash scripts/system-deps.sh

test: system-deps install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --durations=30

QUICK := not (postgres or browser or server or wheel or notebook)

check: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	LINEAGE_KIT_LANE=quick $(BIN)/python -m pytest -q -n auto -m "$(QUICK)" $(ARGS)

# The documentation site, offline and strict (a broken link or reference fails it): build/site.
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet
	@echo "the site is in build/site (open build/site/index.html)"

demo: install
	$(BIN)/lineage-kit demo $(if $(PORT),--port $(PORT))

# The tests that measure (the HTTP API load test) write their sections of RESULTS.md.
record-results: system-deps install
	LINEAGE_KIT_RECORD_RESULTS=1 $(BIN)/python -m pytest tests/api/test_load.py tests/api/test_faults.py

bench: install system-deps
	$(BIN)/python -m benchmarks.run $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info

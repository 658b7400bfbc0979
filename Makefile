# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench record-results system-deps install clean

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
	$(BIN)/python -m pytest

demo: install
	$(BIN)/lineage-kit demo $(if $(PORT),--port $(PORT))

# The tests that measure (the HTTP API load test) write their sections of RESULTS.md.
record-results: system-deps install
	LINEAGE_KIT_RECORD_RESULTS=1 $(BIN)/python -m pytest tests/test_api_load.py

bench: install system-deps
	$(BIN)/python -m benchmarks.run $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info

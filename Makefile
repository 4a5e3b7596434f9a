# appfacts — make run | make test | make ui | make bench
# Each target creates .venv and installs the project only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test ui bench clean-warehouse install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml

## Materialize every asset in-process into warehouse/appfacts.duckdb and print the current facts.
run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/appfacts run

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Serve the Dagster UI (webserver + daemon, so schedules and sensors fire) on 127.0.0.1:3000.
ui: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## Benchmarks: printed figures, ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_store.py

clean-warehouse:
	rm -f warehouse/appfacts.duckdb warehouse/appfacts.duckdb.wal

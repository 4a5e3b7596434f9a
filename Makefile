# appfacts — make run | make test | make mutate | make ui | make bench
# Each target creates .venv and installs the project only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
PORT ?= 3000

.PHONY: run test mutate ui bench bench-scale bench-drill clean-warehouse install browser

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

## Run the whole test suite (installs headless Chromium for the UI test when run as root).
test: $(STAMP) browser
	$(BIN)/python -m pytest -q

## Mutation check: each mutation of tests/mutation/mutations.py (small bugs in resolution,
## snapshots, appends, verify, quarantine, retraction, numbers, documents) applied to a temporary
## copy, its tests run; fails when one survives. ONLY="prefix ..." runs some; MUTATE_JOBS copies.
MUTATE_JOBS ?= 2
mutate: $(STAMP)
	$(BIN)/python tests/mutation/mutate.py -j $(MUTATE_JOBS) $(if $(ONLY),--only $(ONLY))

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "note: Chromium not installed and not root: the browser test will be skipped"; fi; }

## Serve the Dagster UI (webserver + daemon, so schedules and sensors fire) on 127.0.0.1:3000.
ui: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

## Benchmarks: printed figures, ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_replica.py

## Scale benchmark (issue 11): full, no-op and 1%-new refresh of DOCS generated documents (printed JSON).
DOCS ?= 10000
bench-scale: $(STAMP)
	$(BIN)/python bench/bench_scale.py --docs $(DOCS)

## Crash drill at full size: kill -9 `appfacts run` 24 times across its steps, compare with an uninterrupted run.
bench-drill: $(STAMP)
	$(BIN)/python bench/crash_drill.py --trials 24 --initial 200 --per-trial 25

clean-warehouse:
	rm -f warehouse/appfacts.duckdb warehouse/appfacts.duckdb.wal warehouse/appfacts.read.duckdb
	rm -rf warehouse/data_docs warehouse/gx

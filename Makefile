# Rashomon: the two quick-start commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE := examples/niger-2024-04
SHARED ?= ../shared

.PHONY: install demo test test-all lint eval eval-dates eval-events bench bench-corpus clean

# Byte-compile the package's own modules: an editable install leaves them uncompiled (pip
# compiles a regular install), and with PYTHONDONTWRITEBYTECODE set, as on the bench machine,
# every run would compile them again (~0.3 s of a cold `rashomon compare`). Up-to-date files
# are skipped, and a stale .pyc is never used (Python checks the source's timestamp).
install: $(STAMP)
	@$(PY) -m compileall -q src

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: install
	@mkdir -p build
	$(BIN)/rashomon compare $(EXAMPLE)/rossa-primavera.txt $(EXAMPLE)/moscow-times-afp.md --format html -o build/niger-2024-04.html
	$(BIN)/rashomon compare $(EXAMPLE)/rossa-primavera.txt $(EXAMPLE)/moscow-times-afp.md --format json -o build/niger-2024-04.json
	$(BIN)/rashomon compare $(EXAMPLE)/rossa-primavera.txt $(EXAMPLE)/moscow-times-afp.md --format text
	@echo ""
	@echo "HTML report: $(CURDIR)/build/niger-2024-04.html"
	@echo "JSON report: $(CURDIR)/build/niger-2024-04.json"

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/lint-imports
	$(BIN)/mypy src

test: lint
	$(BIN)/pytest -q -m "not slow"

test-all: lint
	$(BIN)/pytest -q

eval: install
	$(PY) scripts/eval_gate.py --shared $(SHARED)

eval-dates: install
	$(PY) scripts/eval_dates.py --data $(SHARED)/data/tempeval3/te3-platinum

EVENTS_DATA ?= $(SHARED)/data/ecbplus/ecbplus_docs.jsonl

eval-events: install
	$(PY) scripts/eval_events.py --data $(EVENTS_DATA)

# corpus growth (scripts/bench_corpus.py): 1k/10k/100k articles, in-process and 2 Dask workers;
# each run stops cleanly after an hour and the table says how far it got
BENCH_CORPUS_ARGS ?= --budget 3600

bench: install
	$(PY) scripts/bench.py --shared $(SHARED)
	$(PY) scripts/bench_corpus.py --shared $(SHARED) $(BENCH_CORPUS_ARGS)

bench-corpus: install
	$(PY) scripts/bench_corpus.py --shared $(SHARED) $(BENCH_CORPUS_ARGS)

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache

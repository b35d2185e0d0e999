# Two commands do everything on a fresh machine: `make run` (the REPL) and `make test`.
# Each creates .venv the first time and installs what it needs (again after pyproject.toml changes):
# `make run` the program alone, `make install` the program and the Discord bot, `make test` (and
# lint, eval, bench) the test tools and the peers as well.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN := $(VENV)/.installed-run
BOT := $(VENV)/.installed-bot
DEV := $(VENV)/.installed-dev

.PHONY: install run test lint eval bench bench-quick

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BOT): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bot]'
	touch $@ $(RUN)

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(BOT) $(RUN)

install: $(BOT)

run: $(RUN)
	@$(BIN)/summit-qa

test: $(DEV)
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$status

lint: $(DEV)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

eval: $(DEV)
	$(BIN)/summit-qa eval tests/eval/summit.yaml --compare

# The full benchmark prints its tables (14 to 26 minutes, an estimated 6 GiB of memory at the peak); `bench-quick`
# runs 30,000 passages a corpus (under 2 minutes). Neither writes benchmarks/RESULTS.md:
# `python benchmarks/bench.py --write` does.
bench: $(DEV)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/logging_overhead.py

bench-quick: $(DEV)
	$(BIN)/python benchmarks/bench.py --quick
	$(BIN)/python benchmarks/logging_overhead.py --rounds 3

# il2kit: two commands.
#   make start   set up .venv, install the kit, open JupyterLab at the start notebook
#   make test    set up .venv (or reuse it) and run every test: unit, doctests, data, notebooks (nbval)
# Other targets: lock (re-pin requirements/lock.txt), execute (re-run and save every notebook),
# student (student copies without solutions), site (static HTML), dashboard (Voila), bench.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.il2kit-installed
LOCK   := requirements/lock.txt

.PHONY: setup start test lock execute student site dashboard bench lint

setup: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit("il2kit needs Python >= 3.10, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[test]"
	touch $(STAMP)

# JupyterLab refuses to run as root unless told; the token stays on either way.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# The learner's copy (learn/): no stored answers, each worked solution folded under its
# self-check; built on first start, refreshed after, never overwriting a notebook you saved.
start: setup
	$(BIN)/python tools/build_learner.py
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ROOT_FLAG) learn/00_start_here.ipynb

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check il2kit tests tools benchmarks
	$(BIN)/mypy

# Pins every package (exact versions) from a fresh resolve of pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[test]"
	.lock-venv/bin/python -m pip freeze --exclude il2kit | grep -v '^-e' > $(LOCK)
	rm -rf .lock-venv

execute: setup
	$(BIN)/python tools/execute_notebooks.py

student: setup
	$(BIN)/python tools/build_student.py

site: setup
	$(BIN)/python tools/build_site.py

dashboard: setup
	$(BIN)/voila --Voila.ip=127.0.0.1 notebooks/dashboard.ipynb

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_kit.py

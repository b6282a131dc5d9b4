# The only entry points: make run | test | bench | eval
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.palmyra-installed
GOLD   ?= ../shared/gold

.PHONY: run test bench eval install clean

$(STAMP): pyproject.toml scripts/install_model.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python scripts/install_model.py
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/palmyra extract src/palmyra/data/samples --published 2024-03-08 --format table

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/scaling.py
	$(BIN)/python benchmarks/geocode.py --ceiling

eval: $(STAMP)
	$(BIN)/palmyra evaluate $(GOLD)

clean:
	rm -rf $(VENV) build src/*.egg-info

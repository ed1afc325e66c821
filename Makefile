# The two commands a newcomer needs: `make demo` (set up + run on samples/) and `make test`.
PY ?= python3
VENV ?= .venv
HOME_DIR ?= liqa-home
export PREFECT_SERVER_ANALYTICS_ENABLED = false
export DO_NOT_TRACK = 1

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

.PHONY: setup demo test test-fast eval clean
setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/liqa run samples --home $(HOME_DIR)
	$(VENV)/bin/liqa sql --home $(HOME_DIR) "select date, city, title from meetings order by date"

test: setup
	$(VENV)/bin/pytest

test-fast: setup
	$(VENV)/bin/pytest -m "not slow"

eval: setup
	$(VENV)/bin/liqa eval ../shared/eval/dev/gold.jsonl ../shared/eval/dev/texts --quiet

clean:
	rm -rf $(HOME_DIR) .pytest_cache

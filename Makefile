# Shuyun: `make run` serves the demo network; `make test` runs the whole suite (SQLite and PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHUYUN := $(BIN)/shuyun
PG_TEST_URL ?= postgres://root@127.0.0.1:5432/test
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres bench lint install assets browser openapi clean

$(STAMP): pyproject.toml package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	npm install --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

assets: install
	cd src/shuyun && ../../$(SHUYUN) compilemessages --verbosity 0
	$(SHUYUN) collectstatic --noinput --verbosity 0

run: assets
	$(SHUYUN) migrate --noinput
	$(SHUYUN) demo
	$(SHUYUN) serve --host 127.0.0.1 --port 8000

# Debian's Chromium and CJK fonts for the browser tests (root installs them when missing).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; }
	@fc-list :lang=zh | grep -q . || apt-get install -y -qq fonts-noto-cjk

test: assets browser test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest

test-postgres:
	SHUYUN_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "not browser"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

openapi: install
	$(SHUYUN) export_openapi_schema --api shuyun.api.api --indent 2 --sorted --output docs/openapi.json

bench: assets
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var/static

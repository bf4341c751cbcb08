# VIG Service — `make run` to try it, `make test` to check it. Needs Python 3.11+ and Node 20+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock 2>/dev/null | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json 2>/dev/null | cut -c1-12)
CSS := build/static/css/app.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint migrate seed lock collectstatic clean

run: install ## Set everything up and serve the app with demo data at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Lint, check migrations, run every test (browser tests included)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

install: $(PY_STAMP) $(NODE_STAMP) $(CSS) .env

$(PY_STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

$(CSS): $(NODE_STAMP) $(wildcard static/scss/*.scss)
	mkdir -p $(dir $@)
	npx --no-install sass --no-source-map --quiet --load-path=. static/scss/app.scss $@

# A development .env: DEBUG on and a random secret key. Production sets real variables instead.
.env:
	printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

collectstatic: install
	$(PY) manage.py collectstatic --noinput

lock: ## Re-resolve pyproject.toml's dependencies into requirements.lock
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet -o requirements.lock

clean:
	rm -rf build staticfiles .pytest_cache .ruff_cache

.PHONY: bench
bench: install ## Time the main pages at 1,000, 10,000 and 100,000 referrals (slow; not in `make test`)
	$(PY) bench/run.py

# VIG Service — `make run` to try it, `make test` to check it. Needs Python 3.11+ and Node 20+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed-$(shell cat requirements-pip.txt requirements.lock 2>/dev/null | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json 2>/dev/null | cut -c1-12)
CSS := build/static/css/app.css
HOST ?= 127.0.0.1
PORT ?= 8000
# One pytest worker per core (pytest-xdist); the few `serial` tests run alone afterwards.
TEST_WORKERS ?= auto

.PHONY: run test install lint migrate seed lock collectstatic clean audit

run: install ## Set everything up and serve the app with demo data at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Lint, check the layers, check migrations, run every test (browser tests included)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not serial"
	$(VENV)/bin/pytest -m serial

install: $(PY_STAMP) $(NODE_STAMP) $(CSS) .env

$(PY_STAMP): requirements-pip.txt requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

$(CSS): $(NODE_STAMP) $(wildcard static/scss/*.scss)
	mkdir -p $(dir $@)
	npx --no-install sass --no-source-map --quiet --load-path=. static/scss/app.scss $@

# A development .env: DEBUG on, a random secret key, and no second factor (every page says so).
# Production sets real variables instead.
.env:
	printf 'DEBUG=true\nSECRET_KEY=%s\nMFA_REQUIRED=false\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

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

# --strict: a dependency whose advisories cannot be fetched fails the audit instead of being
# skipped, so "no known vulnerabilities" always means every pin was really checked.
audit: install ## Check the locked dependencies against PyPI's advisory data (needs network)
	$(VENV)/bin/pip-audit --requirement requirements.lock --require-hashes --disable-pip \
		--strict --progress-spinner off

.PHONY: backup restore
backup: install ## Back up the database (pg_dump custom format) to backups/vig-<UTC time>.dump
	$(PY) manage.py backup

restore: install ## Restore FILE=backups/vig-….dump into an empty database (DB=name: a new one)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/vig-<time>.dump [DB=new_database]"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(DB),--database-name "$(DB)")

.PHONY: fuzz load
fuzz: install ## Fuzz every form with 500 generated inputs each (make test runs 25 each)
	HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest tests/fuzz -q

load: install ## Load test: 150 users for 5 minutes (after signing in one a second) against gunicorn with 10,000 referrals (LOAD_DURATION=1m for a short run)
	$(PY) loadtest/run.py

.PHONY: bench
bench: install ## Time the main pages at 1,000, 10,000, 100,000 and 1,000,000 referrals (slow; not in `make test`)
	$(PY) bench/run.py

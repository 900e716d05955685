# 云梦应急宣教与考培平台 — two commands set everything up: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run run-prod test install migrate seed lint format messages bench clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Serve the site with demo content; a task worker runs beside it for background work (imports,
# statistics, e-mails); its log shows in the same console. Ctrl+C stops both.
run: seed
	@echo "打开 http://$(HOST):$(PORT)/ — 管理后台 http://$(HOST):$(PORT)/admin/"
	@TASKS_BACKEND=database $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	TASKS_BACKEND=database $(PY) manage.py runserver $(HOST):$(PORT)

# The production stack locally (deploy/run-prod.sh; README "Deploy"): needs PostgreSQL at DATABASE_URL
# and Redis at REDIS_URL (or redis-server); check --deploy, migrate, collectstatic, seed_demo, then
# gunicorn + the task worker with DEBUG=0 on HOST:PORT. Ctrl+C stops all.
run-prod: install
	HOST=$(HOST) PORT=$(PORT) deploy/run-prod.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_SETTINGS_MODULE=edu_platform.settings_test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=edu_platform.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# Recompile the committed message catalogues after editing locale/*/LC_MESSAGES/django.po
# (needs gettext; a fresh machine does not, as the .mo files are committed).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) staticfiles .test-media

# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.PHONY: run test lint format install migrate demo messages vendor worker beat clean
.PHONY: backup restore

$(BIN)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo

## Set up everything, load the Laoshan demo data and serve on 127.0.0.1:$(PORT).
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo "Demo only: administrators skip two-step verification (ADMIN_TWO_FACTOR=0)."
	ADMIN_TWO_FACTOR=0 $(MANAGE) runserver 127.0.0.1:$(PORT)

## Lint, then the whole test suite on $(TEST_WORKERS) pytest-xdist workers (tests/parallel.py).
TEST_WORKERS ?= 2
test: lint
	$(BIN)/pytest -n $(TEST_WORKERS)

# The portal's Python packages: what mypy and bandit read.
PACKAGES := laoshan_portal cadres workrooms volunteering campaigns care funds university reports retirees todo api operations

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy $(PACKAGES)
	$(BIN)/bandit -c pyproject.toml -r $(PACKAGES) -q

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Extract and compile the translation (needs GNU gettext); translate what is new in the .po.
messages: install
	$(MANAGE) makemessages -l zh_Hans --no-location --no-obsolete
	$(MANAGE) compilemessages -l zh_Hans --ignore=$(VENV)

## Copy Bootstrap, htmx and ECharts from their npm packages into static/vendor/.
vendor:
	scripts/vendor_assets.sh

worker: install
	$(BIN)/celery -A laoshan_portal worker --loglevel=INFO

beat: install
	$(BIN)/celery -A laoshan_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule

## Back up the database and MEDIA_ROOT into $(BACKUP_DIR)/laoshan-YYYYmmdd-HHMMSS.tar.gz
## (or FILE=path); keep FIELD_ENCRYPTION_KEY apart from it. See docs/OPERATIONS.md.
## Neither this nor restore installs anything: they run on a deployment as it is.
BACKUP_DIR ?= var/backups
backup:
	$(MANAGE) backup_site $(if $(FILE),--output "$(FILE)",--dir "$(BACKUP_DIR)")

## Replace the database and MEDIA_ROOT with a backup: make restore FILE=… (YES=1 skips the question).
restore:
	@test -n "$(FILE)" || { echo "make restore needs FILE=path/to/laoshan-….tar.gz" >&2; exit 2; }
	$(MANAGE) restore_site "$(FILE)" $(if $(filter 1 yes,$(YES)),--yes)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Two commands on a fresh machine:  make run  (the demo site)  and  make test  (every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Links printed and emailed by the demo point where the server listens.
DEMO_ENV = DEBUG=1 SITE_URL=http://$(HOST)

.PHONY: run test test-tools lint format messages bench load mutants clean

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The site and, beside it, the mail worker (emails are printed on the console in the demo).
run: $(VENV)/installed
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py demo
	$(DEMO_ENV) $(BIN)/python manage.py send_emails --loop --interval 5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/installed tests/node/node_modules/.installed
	VENV=$(VENV) scripts/test

# Checkers run on the rendered pages (the Nu HTML checker, axe-core), pinned in tests/node/package-lock.json.
tests/node/node_modules/.installed: tests/node/package-lock.json
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-tools: tests/node/node_modules/.installed

lint: $(VENV)/installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Extract and compile translations (needs GNU gettext); the compiled .mo files are committed.
messages: $(VENV)/installed
	DEBUG=1 $(BIN)/python manage.py makemessages --all --no-location --ignore=$(VENV) --ignore=var --ignore=tests --ignore=scripts
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=$(VENV)

# The production setup measured over HTTP (gunicorn, wrk from apt), on a throwaway PostgreSQL:
# pages against a bare Django view, a registration rush, exports against COPY.
bench: $(VENV)/installed
	scripts/with-postgres $(BIN)/python -m scripts.bench.run

# 64 people at once for the last place, 20 times, against four gunicorn workers on a throwaway
# PostgreSQL: prints the figures (the suite runs 16 people, twice).
load: $(VENV)/installed
	LIVINGLAB_LOAD=64x20 scripts/with-postgres $(BIN)/python -m pytest tests/livinglab/test_load.py -p no:randomly -s -q -k last_place

# Break each rule the README promises, one at a time, and check that a test notices
# (docs/MUTATIONS.md); ARGS="-k lock" runs only the mutants whose name holds "lock".
mutants: $(VENV)/installed
	scripts/with-postgres $(BIN)/python scripts/mutants.py $(ARGS)

clean:
	rm -rf $(VENV) var tests/node/node_modules

# Ketang — the commands of the README. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
KETANG := $(TARGET_DIR)/debug/ketang
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Third-party test tools from PyPI, pinned, in a venv the Makefile creates.
VENV := .venv
OIDC_PROVIDER_MOCK := $(abspath $(VENV)/bin/oidc-provider-mock)
MOTO_SERVER := $(abspath $(VENV)/bin/moto_server)
PY_TOOLS := oidc-provider-mock==0.3.4 'moto[server]==5.2.5' wechatpayv3==2.0.4 python-alipay-sdk==3.4.0 schemathesis==4.32.5 standardwebhooks==1.3.0 authlib==1.9.10 openapi-python-client==0.29.1
# The stamp names the pins, so changing them reinstalls.
PY_TOOLS_STAMP := $(VENV)/.tools-$(shell echo "$(PY_TOOLS)" | md5sum | cut -c1-8)
TEST_TOOLS := OIDC_PROVIDER_MOCK=$(OIDC_PROVIDER_MOCK) MOTO_SERVER=$(MOTO_SERVER) PAYMENT_PYTHON=$(abspath $(VENV)/bin/python)
WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig*.json -type f 2>/dev/null)

.PHONY: help run build test arch-check dist dist-check spec-lint clients test-rust test-postgres test-web e2e conformance fuzz bench openapi openapi-check fmt lint clean web audit

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: web build ## Build everything and serve http://127.0.0.1:8080 with demo data
	$(KETANG) serve --demo

build: ## Build the server
	$(CARGO) build -p ketang

web: web/dist/index.html ## Build the SPA into web/dist

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

test: fmt-check lint arch-check test-rust openapi-check spec-lint clients test-web ## Format, lints, module cycles, spec drift, Rust tests (SQLite), generated clients, web unit tests

arch-check: ## Fail when api/src's top-level modules depend on each other in a cycle (scripts/module_graph.py)
	python3 scripts/module_graph.py --check

fmt-check:
	$(CARGO) fmt --all --check

lint: ## Clippy with warnings as errors
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# Third-party servers the Rust tests start: an OpenID provider and an S3-compatible store.
$(PY_TOOLS_STAMP):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PY_TOOLS)
	@touch $@

# The fault and two-instance tests run the `ketang` binary itself: built first.
test-rust: $(PY_TOOLS_STAMP) build
	$(TEST_TOOLS) $(CARGO) test --workspace --locked

test-postgres: $(PY_TOOLS_STAMP) build ## The Rust suite on PostgreSQL (TEST_DATABASE_URL)
	$(TEST_TOOLS) TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(CARGO) test --workspace --locked

openapi-check: web/node_modules/.package-lock.json ## Fail when openapi.yaml or the SPA's types lag the code
	$(CARGO) test -p ketang-tests --locked --test api -- openapi::the_committed_openapi_yaml_matches_the_code
	cd web && npm run check:api

spec-lint: web/node_modules/.package-lock.json ## Lint openapi.yaml: Redocly recommended and Spectral oas, 0 errors and 0 warnings (exceptions, with reasons, in .redocly.lint-ignore.yaml and .spectral.yaml)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true web/node_modules/.bin/redocly lint openapi.yaml --config redocly.yaml
	web/node_modules/.bin/spectral lint openapi.yaml --ruleset .spectral.yaml --fail-severity=warn

clients: $(PY_TOOLS_STAMP) web/node_modules/.package-lock.json ## Generate the Python and TypeScript (@hey-api) clients integrators generate from openapi.yaml; import and compile them
	scripts/generated-clients.sh

test-web: web/node_modules/.package-lock.json ## SPA typecheck, lint, format and unit tests
	cd web && npm run typecheck && npm run lint && npm run format:check && npm test

e2e: web build ## Playwright against the real server (Debian chromium)
	KETANG=$(KETANG) scripts/e2e.sh

conformance: build $(PY_TOOLS_STAMP) ## schemathesis against openapi.yaml, then bounded fuzzing; prints what was tried
	@summary=$$(mktemp); \
	KETANG=$(KETANG) SCHEMATHESIS=$(VENV)/bin/schemathesis SUMMARY=$$summary scripts/conformance.sh \
	  && SUMMARY=$$summary scripts/fuzz.sh; status=$$?; \
	echo; echo "=== what conformance tried ==="; cat $$summary; rm -f $$summary; exit $$status

dist: web/node_modules/.package-lock.json ## The release tarball: binary, SPA, example config, systemd unit, nginx site, docs (dist/)
	scripts/dist.sh

dist-check: web/node_modules/.package-lock.json ## Build the tarball (debug binary), unpack it, run it in prod on PostgreSQL and behind nginx
	python3 scripts/dist_check.py "$$(DIST_PROFILE=dev scripts/dist.sh)"

fuzz: ## Bounded cargo-fuzz runs of every target (FUZZ_SECONDS each, default 30)
	scripts/fuzz.sh

audit: ## Supply chain: banned crates (rsa), RustSec and npm advisories where reachable
	scripts/supply-chain.sh

bench: ## Load benchmarks (see bench/README.md)
	bench/run.sh

openapi: web/node_modules/.package-lock.json ## Regenerate openapi.yaml and the SPA's typed client
	$(CARGO) run -q -p ketang -- openapi > openapi.yaml
	cd web && npm run gen:api

fmt: ## Format Rust and web sources
	$(CARGO) fmt --all
	cd web && npm run format

clean: ## Remove build output (keeps ./data)
	$(CARGO) clean
	rm -rf web/dist web/node_modules $(VENV)

# Trailbook. `make run` opens the app, `make test` runs every test; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BIN       := build/bin/trailbook
GO_TAGS   := desktop,production,webkit2_41
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE      ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -w -s -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS  := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth x11-utils imagemagick sqlite3 chromium unzip
FUZZTIME  ?= 5s

.PHONY: help wails-tool dev deps system-deps frontend-deps frontend build run test test-go test-frontend e2e smoke bench fuzz fmt vet clean

help:
	@echo "make run    install what is missing, build, open the desktop app"
	@echo "make test   install what is missing, run every test"
	@echo "make e2e    the UI in headless Chromium against the real \`trailbook serve\`"
	@echo "make build  build the desktop binary into $(BIN)"
	@echo "make bench  import and query benchmarks with reference timings"
	@echo "make fuzz   run the fuzz targets longer (FUZZTIME=$(FUZZTIME))"

deps: system-deps frontend-deps

# System packages: only the missing ones, so a set-up machine does not touch apt.
system-deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@command -v go >/dev/null || { echo "Go 1.25 or later is needed: https://go.dev/dl/"; exit 1; }
	@command -v node >/dev/null || { echo "installing nodejs"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js 20.19 or later is needed (found "+process.version+")"); process.exit(1) }'

frontend-deps: frontend/node_modules/.stamp
frontend/node_modules/.stamp: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend: frontend-deps
	cd frontend && npm run build

# The Go embed of frontend/dist needs the directory to exist even for Go-only targets.
frontend/dist:
	@mkdir -p frontend/dist && touch frontend/dist/.keep

# The wails CLI is pinned in go.mod as a tool; `make dev` runs it with live reload.
wails-tool:
	@go tool -n wails >/dev/null

dev: deps wails-tool
	go tool wails dev -tags webkit2_41

build: deps wails-tool frontend
	go build -tags $(GO_TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .
	@echo "built $(BIN)"

run: build
	./$(BIN)

fmt:
	gofmt -w $$(git ls-files '*.go')

vet: frontend/dist
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...

test: deps frontend vet test-go test-frontend e2e

test-go: frontend/dist
	go test -count=1 ./...
	@# Acceptance against the shared vendor fixtures, when they sit beside the repo.
	@if [ -d ../shared/fixtures ]; then echo "acceptance: ../shared/fixtures"; \
	  TRAILBOOK_FIXTURES=$$(cd ../shared/fixtures && pwd) go test -count=1 -tags fixtures ./backend/... ; fi

test-frontend: frontend-deps
	cd frontend && npm run typecheck && npm test

# The UI driven in headless Chromium against the real binary's `serve`. Built without the
# desktop tags: serve needs no GTK/WebKit, and the build is much faster.
E2E_BIN := build/bin/trailbook-e2e
e2e: deps frontend
	go build -trimpath -o $(E2E_BIN) .
	cd frontend && TRAILBOOK_BIN=$(CURDIR)/$(E2E_BIN) npm run e2e

# The desktop window under Xvfb: it must appear and not be blank.
smoke: build
	.ci/smoke.sh $(BIN)

bench: deps frontend/dist
	go run ./backend/bench

fuzz: frontend/dist
	@for t in $$(go test -list 'Fuzz.*' ./backend/ingest | grep ^Fuzz); do \
	  echo "fuzz $$t for $(FUZZTIME)"; go test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./backend/ingest || exit 1; done

clean:
	rm -rf build/bin frontend/dist frontend/node_modules

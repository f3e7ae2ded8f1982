# Trailbook. `make run` opens the app, `make test` runs every test; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BIN       := build/bin/trailbook
# sqlite_fts5 selects the cgo SQLite driver (mattn/go-sqlite3 with FTS5): about twice as fast
# as the pure-Go one, which Windows builds (CGO_ENABLED=0) and plain `go test` use.
SQLITE_TAGS := sqlite_fts5
GO_TAGS   := desktop,production,webkit2_41,$(SQLITE_TAGS)
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE      ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -w -s -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS  := build-essential pkg-config libsqlite3-dev libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth x11-utils imagemagick sqlite3 chromium unzip
FUZZTIME  ?= 1m
# A count, not a duration: Go 1.26's fuzz coordinator can fail a target with "context
# deadline exceeded" when a duration ends mid-run (golang/go#75804), with no crasher.
FUZZTIME_SHORT ?= 4000x

.PHONY: help wails-tool dev deps system-deps frontend-deps frontend build run test test-go test-frontend e2e smoke bench fuzz fuzz-short stress fmt vet clean

help:
	@echo "make run    install what is missing, build, open the desktop app"
	@echo "make test   install what is missing, run every test"
	@echo "make e2e    the UI in headless Chromium against the real \`trailbook serve\`"
	@echo "make build  build the desktop binary into $(BIN)"
	@echo "make bench  import and query benchmarks with reference timings"
	@echo "make fuzz   run the fuzz targets longer (FUZZTIME=$(FUZZTIME))"
	@echo "make release        Linux .tar.gz and .deb, Windows .exe and SHA256SUMS into $(RELEASE)"
	@echo "make release-check  build the release, then inspect, install and run it"
	@echo "make stress crash, concurrency, disk-full and streaming tests at large sizes (STRESS_* knobs)"

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
	go tool wails dev -tags webkit2_41,$(SQLITE_TAGS)

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
	go vet -tags $(SQLITE_TAGS) ./backend/store ./backend/e2e
	@# The Windows build is pure Go: keep every package (tests included) compiling there.
	GOOS=windows go vet ./...

test: deps frontend vet test-go test-frontend e2e fuzz-short

test-go: frontend/dist
	go test -count=1 -tags $(SQLITE_TAGS) ./...
	@# The store again with the pure-Go driver of the Windows build.
	go test -count=1 ./backend/store
	@# The import pipeline runs on three goroutines: its packages again under the race detector.
	go test -count=1 -race -tags $(SQLITE_TAGS) ./backend/store ./backend/workspace
	@# Acceptance against the shared vendor fixtures, when they sit beside the repo.
	@if [ -d ../shared/fixtures ]; then echo "acceptance: ../shared/fixtures"; \
	  TRAILBOOK_FIXTURES=$$(cd ../shared/fixtures && pwd) TRAILBOOK_REAL_SAMPLES=$$(cd ../shared/real-samples 2>/dev/null && pwd) \
	  go test -count=1 -tags fixtures,$(SQLITE_TAGS) -run 'Fixtures|RealSamples' ./backend/... ; fi

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

# Both SQLite drivers, so the figures say what the cgo one buys (BENCH_DRIVERS=cgo for one).
BENCH_DRIVERS ?= cgo,purego
bench: deps frontend/dist
	go run ./backend/bench -drivers $(BENCH_DRIVERS) $(BENCH_FLAGS)

# Every fuzz target briefly: any input gives a result or an error, never a panic or a hang.
fuzz-short: frontend/dist
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT)

fuzz: frontend/dist
	@for t in $$(go test -list 'Fuzz.*' ./backend/ingest | grep ^Fuzz); do \
	  echo "fuzz $$t for $(FUZZTIME)"; go test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./backend/ingest || exit 1; done

RELEASE   := build/release
# What packaging and checking a release use, beyond APT_PKGS (dpkg-shlibdeps, file, a PE reader).
RELEASE_APT_PKGS := dpkg-dev file python3-pefile desktop-file-utils

.PHONY: release release-deps release-check
release-deps:
	@$(MAKE) --no-print-directory system-deps APT_PKGS="$(APT_PKGS) $(RELEASE_APT_PKGS)"

# Signs trailbook.exe when TRAILBOOK_SIGN_PKCS12 and TRAILBOOK_SIGN_PASSWORD are set.
release: release-deps build
	VERSION="$(VERSION)" LDFLAGS="$(LDFLAGS)" BIN="$(BIN)" build/package.sh $(RELEASE)

release-check: release
	.ci/release-check.sh $(RELEASE) "$(VERSION)"
# Reliability at scale: more kills over bigger files, and the streaming memory test.
STRESS_KILLS       ?= 50
STRESS_ROWS        ?= 200000
STRESS_STREAM_ROWS ?= 5000000
stress: frontend/dist
	TRAILBOOK_CRASH_KILLS=$(STRESS_KILLS) TRAILBOOK_EXPORT_KILLS=$(STRESS_KILLS) TRAILBOOK_CRASH_ROWS=$(STRESS_ROWS) \
	TRAILBOOK_CONCURRENT_ROWS=$(STRESS_ROWS) TRAILBOOK_DISKFULL_ROWS=$(STRESS_ROWS) \
	TRAILBOOK_CHANGING_ROWS=$(STRESS_ROWS) TRAILBOOK_STREAM_ROWS=$(STRESS_STREAM_ROWS) \
	go test -count=1 -tags stress -timeout 4h -v \
	  -run 'Crash|Concurrent|WriterWaits|FileSizeLimit|Hostile|FileChanging|StreamingMemory' ./backend/e2e

clean:
	rm -rf build/bin frontend/dist frontend/node_modules

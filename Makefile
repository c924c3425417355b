# The two commands of README.md. Each sets up what is missing first.
SWIFT_BUILD = swift build -c release --product
# nbrun itself only parses, builds and renders: it is built in debug, the same build the tests
# use (a release build would spend some 15 minutes of CI optimising swift-syntax, to save about
# a second of rendering five reports). The notebooks' work runs in the release NotebookSupport,
# which NBRUN_BUILD_DIR points it to.
# (Only nbrun's own runs: the tests use the debug library beside their build.)
LIBRARY = NBRUN_BUILD_DIR=$(CURDIR)/.build/release
NBRUN = $(LIBRARY) .build/debug/nbrun
# The quick reports stay in a folder CI can archive (ignored by git, inside .build).
QUICK_OUTPUT ?= .build/quick-reports

.PHONY: report test test-slurm check-incremental setup build lint bench

## Regenerates every report under output/.
report: setup build
	$(NBRUN) notebooks/*.md

## Lint, unit and end-to-end tests, then every notebook with the quick profile.
test: setup build lint
	swift build --build-tests
	swift test --skip-build --disable-swift-testing
	mkdir -p $(QUICK_OUTPUT)
	$(NBRUN) --profile quick --output $(QUICK_OUTPUT) \
	  --junit $(QUICK_OUTPUT)/junit.xml --summary $(QUICK_OUTPUT)/summary.json notebooks/*.md
	$(MAKE) check-incremental

## Each notebook (quick profile) run, its middle cell edited, run again incrementally: the
## report must equal a --force run of the edited notebook (outputs and figures, timings aside).
check-incremental: build
	$(LIBRARY) NBRUN=.build/debug/nbrun NBRUN_FLAGS='--profile quick' scripts/check-incremental notebooks/*.md

## nbrun --slurm on a one-node Slurm cluster on loopback, which it installs, starts and stops.
test-slurm: build
	$(LIBRARY) NBRUN=.build/debug/nbrun scripts/test-slurm

setup:
	@scripts/setup

build:
	swift build --product nbrun
	$(SWIFT_BUILD) NotebookSupport
	$(SWIFT_BUILD) nbbench

lint:
	swift format lint --strict --recursive Package.swift Sources Tests

## Training and inference throughput of every post's model, beside PyTorch and JAX
## (BENCH_FLAGS='--images 6000 --models post004-conv' for a shorter run).
bench: setup build
	.build/release/nbbench --pytorch $$(scripts/pytorch-venv) --jax $$(scripts/jax-venv) \
	  --json docs/benchmark.json $(BENCH_FLAGS)

# The README's commands. Every target installs what it is missing first.
SWIFT ?= swift

.PHONY: setup build demo test site-checks screenshots bench fuzz format lint record-golden templates clean

setup:
	@scripts/setup.sh build

# Every import must be a declared dependency: the stage graph is checked by the build.
IMPORT_CHECK = --explicit-target-dependency-import-check error

build: setup
	$(SWIFT) build $(IMPORT_CHECK)

# The demo end to end into site/ (open site/index.html).
demo: setup
	$(SWIFT) build -c release --product stability
	.build/release/stability demo --dir demo --out site

test:
	@scripts/setup.sh test
	@$(MAKE) --no-print-directory lint
	$(SWIFT) build --build-tests $(IMPORT_CHECK)
	scripts/with-test-servers.sh $(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory site-checks

# Validates a freshly generated demo site and a site of hostile data:
# Nu HTML validator, GFM tables, a real browser.
site-checks:
	@rm -rf .build/site-checks && mkdir -p .build/site-checks
	.build/debug/stability demo --quiet --dir .build/site-checks/demo --out .build/site-checks/site
	python3 Tests/SiteChecks/check_site.py .build/site-checks/site --screenshots .build/screenshots --expect-version 3.16.10
	Tests/SiteChecks/hostile-site.sh $(CURDIR)/.build/debug/stability .build/site-checks/hostile
	python3 Tests/SiteChecks/check_site.py .build/site-checks/hostile/site --screenshots .build/screenshots/hostile

# docs/screenshots/: the demo site's overview, a regressed version, the release
# history and that version's top fingerprint, at 1280 and 390 px.
screenshots:
	@scripts/setup.sh test
	$(SWIFT) build --product stability
	@rm -rf .build/screenshots-demo
	.build/debug/stability demo --quiet --dir .build/screenshots-demo --out .build/screenshots-demo/site
	python3 scripts/screenshots.py .build/screenshots-demo/site docs/screenshots --version 3.16.10

# Benchmarks (release build; never part of make test). Results: docs/benchmarks.md.
bench:
	@scripts/setup.sh test
	$(SWIFT) build -c release --product stability
	python3 bench/run.py .build/release/stability
	python3 bench/cardinality.py .build/release/stability
	scripts/with-test-servers.sh bench/postgres-stream.sh $(CURDIR)/.build/release/stability
	bench/clickhouse-stream.sh $(CURDIR)/.build/release/stability

format:
	$(SWIFT) format --in-place --recursive Sources Tests Fuzz/Properties Package.swift
	$(SWIFT) format lint --strict --recursive Sources Tests Fuzz/Properties Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Fuzz/Properties Package.swift

# Rewrites the golden files that differ; the run then fails naming each file
# written, so review `git diff` and run `make test` again.
record-golden:
	STABILITY_RECORD_GOLDEN=1 $(SWIFT) test

templates:
	python3 scripts/embed-templates.py
	$(SWIFT) format --in-place --recursive Sources/StabilityReport/Rendering/Site/Embedded

clean:
	rm -rf .build

# libFuzzer over the parsers (FUZZ_SECONDS each); new interesting inputs land in Fuzz/Corpus/.
FUZZ_SECONDS ?= 60
fuzz:
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld
	for name in config duration time events version-order; do \
	  mkdir -p Fuzz/Corpus/$$name; \
	  SWIFT_BACKTRACE=enable=no STABILITY_FUZZ=$$name Fuzz/.build/release/FuzzTarget -max_total_time=$(FUZZ_SECONDS) -max_len=2048 Fuzz/Corpus/$$name || exit 1; \
	done

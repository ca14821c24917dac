# The README's commands. Every target installs what it is missing first.
SWIFT ?= swift

.PHONY: setup build test format lint record-golden clean templates

setup:
	@scripts/setup.sh build

build: setup
	$(SWIFT) build

test:
	@scripts/setup.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

record-golden:
	STABILITY_RECORD_GOLDEN=1 $(SWIFT) test

clean:
	rm -rf .build

templates:
	python3 scripts/embed-templates.py
	$(SWIFT) format --in-place Sources/StabilityKit/Rendering/Site/EmbeddedTemplates.swift

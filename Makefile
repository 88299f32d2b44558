# Collagenda: the two commands that matter are `make run` and `make check`.
# CMake does the building; this file only strings the steps together.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run check test test-asan test-loaded asan bench bench-diary install clean format \
        tidy web-format web-lint fuzz fuzz-build fuzz-smoke crash-test

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLG_WERROR=ON $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: deps build
	@scripts/run.sh $(BUILD)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCLG_WERROR=ON -DCLG_SANITIZE=ON $(CMAKE_FLAGS)

asan: $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# The server and records suites once more while stress-ng keeps every core
# busy: their timing and process races must hold on a loaded machine too.
# Their SQLite runs only: the PostgreSQL runs (label postgresql) already ran
# twice, plain and under ASan, and would double the time of `make check`.
test-loaded: build
	scripts/test-loaded.sh $(BUILD) -j $(JOBS) -LE postgresql

# The libFuzzer harnesses of fuzz/, built with clang, ASan and UBSan in a
# build folder of their own. `make fuzz` runs each for FUZZ_SECONDS,
# FUZZ_JOBS at a time; `make fuzz-smoke` (part of check) for 20 s each.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 2

$(FUZZ_BUILD)/CMakeCache.txt:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
	  -DCLG_FUZZ=ON $(CMAKE_FLAGS)

fuzz-build: $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_harnesses

fuzz: deps fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS)

fuzz-smoke: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) 20 $(FUZZ_JOBS)

# Writers (CLI and server) killed with SIGKILL 1,000 times, then every
# acknowledged write looked for (tests/crash/sigkill.py; ctest runs 30
# kills), and the database's disk filled up (tests/crash/full_disk.py).
CRASH_KILLS ?= 1000
crash-test: deps build
	python3 tests/crash/sigkill.py $(BUILD)/collagenda $(CRASH_KILLS)
	python3 tests/crash/full_disk.py $(BUILD)/collagenda

# Everything a fresh Debian 12 machine needs to prove the tree is good.
check: deps
	$(MAKE) test
	$(MAKE) test-asan
	$(MAKE) test-loaded
	$(MAKE) fuzz-smoke

bench: deps build
	bench/run.sh $(BUILD)

# The diary for one day over 10,000 and 1,000,000 bookings (the records
# benchmark's last section; bench/records/run.sh runs it too).
bench-diary: deps build
	bench/records/diary.sh $(BUILD)

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# The web app's formatter and linter (Prettier, ESLint; pinned in package.json).
# ctest runs the check as web_lint, so `make check` fails on either.
web-format:
	scripts/web-lint.sh --write

web-lint:
	scripts/web-lint.sh

tidy: $(BUILD)/CMakeCache.txt
	clang-tidy -p $(BUILD) $$(git ls-files 'src/*.c')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

# Collagenda: the two commands that matter are `make run` and `make check`.
# CMake does the building; this file only strings the steps together.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run check test test-asan test-loaded asan bench bench-diary install clean format \
        tidy web-format web-lint

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

# Everything a fresh Debian 12 machine needs to prove the tree is good.
check: deps
	$(MAKE) test
	$(MAKE) test-asan
	$(MAKE) test-loaded

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
	rm -rf $(BUILD) $(ASAN_BUILD)

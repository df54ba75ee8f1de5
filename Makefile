# otasuke - the two commands: `make demo` and `make check` (see README).
BUILD ?= build
JOBS ?= 2

.PHONY: all build deps demo check fmt fmt-check po clean

all: build

build:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

deps:
	scripts/install-deps.sh

demo: deps build
	scripts/demo.sh

check: deps
	scripts/check.sh

fmt:
	find src tests -name '*.[ch]' | xargs clang-format -i

fmt-check:
	find src tests -name '*.[ch]' | xargs clang-format --dry-run --Werror

po:
	scripts/po-update.sh

clean:
	rm -rf build build-asan build-fuzz

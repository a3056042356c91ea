# amtsweg — the two commands: `make demo` and `make test`.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS ?= $(shell nproc)
SOURCES = $(shell find src bench tests fuzz -name '*.cpp' -o -name '*.h' 2>/dev/null)

.PHONY: deps build demo test bench format format-check clean

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/amtsweg demo

test: build format-check
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	bench/run-all

format: deps
	clang-format -i $(SOURCES)

format-check: deps
	@clang-format --dry-run --Werror $(SOURCES) && echo "format-check: ok"

clean:
	rm -rf $(BUILD)

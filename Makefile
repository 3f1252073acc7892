# Registre's entry points. The README's two commands are `make run` and `make test`.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
PORT ?= 8780
DEMO_STORAGE ?= var/demo

.PHONY: run test build deps deps-test test-main test-asan test-fuzz format clean bench deps-bench load

# Installs what is missing, builds, and runs the service standalone with a demo organisation.
run: deps
	scripts/build-front-end.sh
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGISTRE_TESTS=OFF
	cmake --build build -j$(JOBS) --target registre-server
	./build/server/registre-server --standalone --port $(PORT) --storage $(DEMO_STORAGE)

# Installs what is missing, builds, and runs every test: the suite (GCC), the suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer (clang) with the fuzzers briefly, and the
# concurrency tests under ThreadSanitizer. CI runs exactly this.
test: deps-test
	scripts/run-tests.sh

# Installs what is missing (wrk too), builds in Release and runs the performance bench: about
# 3 minutes; prints the table of docs/performance.md. A missed target is reported, not failed.
bench: deps-bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DREGISTRE_BENCH=ON -DREGISTRE_TESTS=OFF
	cmake --build build-bench -j$(JOBS) --target registre-server registre_bench
	./build-bench/tests/bench/registre_bench

# Installs what is missing (wrk too), builds in Release and runs the mixed load test: 60 s of
# lists, searches, reads, creates, updates and consent events on a register of 100 000 members,
# then checks that every acknowledged write is there (docs/performance.md, "Mixed load"). About
# 2 minutes; exits non-zero on a lost write or a 5xx.
load: deps-bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DREGISTRE_BENCH=ON -DREGISTRE_TESTS=OFF
	cmake --build build-bench -j$(JOBS) --target registre-server registre_load
	./build-bench/tests/load/registre_load

deps:
	scripts/install-deps.sh run

deps-test:
	scripts/install-deps.sh test

deps-bench:
	scripts/install-deps.sh bench

format:
	find server tests -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build build-ci build-asan build-tsan build-fuzz build-bench

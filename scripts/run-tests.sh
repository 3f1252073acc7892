#!/usr/bin/env bash
# The whole test suite, as CI runs it (via `make test` from .ci/run). Each build has its own
# directory so that compilers and sanitizer flags never mix:
#   build-asan  clang, AddressSanitizer + UndefinedBehaviorSanitizer + libFuzzer coverage: the
#               whole suite (C++ tests and browser tests), and the fuzz targets;
#   build-tsan  clang, ThreadSanitizer: only the concurrency tests (tests/concurrency plus the
#               unit tests of the parts that share state between threads);
#   build-ci    GCC, the compiler `make run` uses, warnings as errors: the server, started and
#               stopped by the container entrypoint test (the test suites run in build-asan, the
#               concurrency tests again in build-tsan: a GCC build of the unit tests alone cost
#               three minutes of CI's thirty).
# The sanitizer builds and build-ci use -O0 and little or no debug information: CI checks
# behaviour, not speed, and optimising the doctest files more than doubles their compile time.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
fuzz_seconds="${FUZZ_SECONDS:-10}"
start=$(date +%s)

stage() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

# A build directory configured earlier with another compiler cannot be switched: start afresh.
fresh_for_compiler() {
  local dir="$1" compiler="$2"
  if [ -f "$dir/CMakeCache.txt" ] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*/${compiler}$" "$dir/CMakeCache.txt"; then
    rm -rf "$dir"
  fi
}

sanitizer_env() {
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$@"
}

browser_tests() {
  local server_binary="$1"
  (cd nextcloud-app && REGISTRE_SERVER_BIN="$PWD/../$server_binary" \
    node --test --test-concurrency=1 --test-reporter=spec tests/e2e/)
}

stage "front end: build, unit tests (Vitest)"
scripts/build-front-end.sh
(cd nextcloud-app && npx vitest run)

stage "build with clang, AddressSanitizer + UndefinedBehaviorSanitizer, libFuzzer targets"
fresh_for_compiler build-asan clang++
CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DREGISTRE_SANITIZE=ON -DREGISTRE_FUZZ=ON \
  -DREGISTRE_WERROR=ON -DREGISTRE_TESTS=ON >/dev/null
cmake --build build-asan -j"$jobs"

stage "tests under AddressSanitizer + UndefinedBehaviorSanitizer"
sanitizer_env ctest --test-dir build-asan --output-on-failure -j"$jobs"

stage "browser tests (Playwright, Debian's Chromium) against the sanitized server; screenshots in nextcloud-app/test-results"
sanitizer_env browser_tests build-asan/server/registre-server

stage "fuzzing, ${fuzz_seconds}s per target"
for target in build-asan/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name="$(basename "$target")"
  corpus="tests/fuzz/corpus/${name#fuzz_}"
  work="$(mktemp -d)"
  cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  dict=()
  [ -f "tests/fuzz/${name#fuzz_}.dict" ] && dict=(-dict="tests/fuzz/${name#fuzz_}.dict")
  echo "--- $name"
  "$target" "${dict[@]}" -max_total_time="$fuzz_seconds" -print_final_stats=1 "$work" 2>&1 | tail -n 12
  rm -rf "$work"
done

stage "build with clang, ThreadSanitizer: the concurrency tests"
fresh_for_compiler build-tsan clang++
CXX=clang++ cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DREGISTRE_SANITIZE_THREAD=ON \
  -DREGISTRE_WERROR=ON -DREGISTRE_TESTS=ON >/dev/null
cmake --build build-tsan -j"$jobs" --target registre_concurrency_tests

stage "concurrency tests under ThreadSanitizer"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build-tsan/tests/registre_concurrency_tests

stage "build with GCC (warnings are errors): the server"
fresh_for_compiler build-ci g++
CXX=g++ cmake -S . -B build-ci -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DREGISTRE_WERROR=ON \
  -DREGISTRE_TESTS=ON >/dev/null
cmake --build build-ci -j"$jobs" --target registre-server

stage "the GCC-built server starts, answers and stops (container entrypoint test)"
ctest --test-dir build-ci --output-on-failure -R '^docker_entrypoint$'

stage "done"

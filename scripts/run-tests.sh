#!/usr/bin/env bash
# The whole test suite, as CI runs it (via `make test` from .ci/run). Each stage builds in its own
# directory so that the plain, sanitizer and fuzzer builds never mix flags.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
fuzz_seconds="${FUZZ_SECONDS:-20}"
start=$(date +%s)

stage() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

stage "build (warnings are errors)"
cmake -S . -B build-ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGISTRE_WERROR=ON -DREGISTRE_TESTS=ON >/dev/null
cmake --build build-ci -j"$jobs"

stage "build with AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DREGISTRE_SANITIZE=ON -DREGISTRE_WERROR=ON -DREGISTRE_TESTS=ON >/dev/null
cmake --build build-asan -j"$jobs"

stage "fuzz targets (clang, libFuzzer)"
CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGISTRE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs"

stage "tests under sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure

stage "fuzzing, ${fuzz_seconds}s per target"
for target in build-fuzz/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name="$(basename "$target")"
  corpus="tests/fuzz/corpus/${name#fuzz_}"
  work="$(mktemp -d)"
  cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  "$target" -max_total_time="$fuzz_seconds" -print_final_stats=1 "$work" 2>&1 | tail -n 12
  rm -rf "$work"
done

stage "tests"
ctest --test-dir build-ci --output-on-failure

stage "front end: build, unit tests (Vitest)"
scripts/build-front-end.sh
(cd nextcloud-app && npx vitest run)

stage "front end: browser tests (Playwright, Debian's Chromium), screenshots in nextcloud-app/test-results"
(cd nextcloud-app && REGISTRE_SERVER_BIN="$PWD/../build-ci/server/registre-server" \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/)

stage "done"

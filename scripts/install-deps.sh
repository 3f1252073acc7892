#!/usr/bin/env bash
# Installs what Registre needs on Debian 12, and only what is missing: running it twice does
# nothing the second time. Usage: scripts/install-deps.sh [run|test|bench]
#   run   build tools and libraries (enough to build and run the service)
#   test  the above plus what the test suite needs (clang and its fuzzer runtime, sqlite3,
#         Debian's Chromium for the browser tests, and wrk, the HTTP load generator of the load
#         test and the bench)
#   bench the same as test (the performance bench needs nothing more)
set -euo pipefail

mode="${1:-run}"
build_packages=(g++ cmake make pkg-config tzdata
  libcpp-httplib-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libsodium-dev doctest-dev)
test_packages=(clang libclang-rt-14-dev sqlite3 chromium wrk)

packages=("${build_packages[@]}")
# The front end's build (Vite 8) needs Node.js 20 or later and npm: Debian's packages when there
# is no node at all (scripts/build-front-end.sh then checks the version).
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then packages+=(nodejs npm); fi
if [ "$mode" = test ] || [ "$mode" = bench ]; then packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

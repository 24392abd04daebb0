#!/usr/bin/env bash
# Installs exactly the Debian 12 packages mentorbot needs to build, test and run.
set -euo pipefail

BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config git
  libboost1.81-dev libboost-system1.81-dev libboost-url1.81-dev
  libssl-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
  libhowardhinnant-date-dev libcli11-dev libspdlog-dev libfmt-dev
  libicu-dev libtomlplusplus-dev libsimdjson-dev
)
# clang and its runtime: the fuzz targets; lld: links the sanitized test build. chromium, nodejs
# and npm: the dashboard's browser tests (npm installs only their test tooling).
TEST_PACKAGES=(catch2 libbenchmark-dev openssl sqlite3 clang libclang-rt-14-dev lld clang-format chromium nodejs)
# A Node.js build that carries its own npm conflicts with Debian's npm package: ask for that
# package only when no npm is there yet.
if ! command -v npm >/dev/null 2>&1; then TEST_PACKAGES+=(npm); fi
# libjs-chart.js: the dashboard's charts, served from the package's files (no CDN).
RUNTIME_PACKAGES=(tzdata ca-certificates libjs-chart.js)
# The shared libraries the Release binary links, for a machine (or image) that only runs it.
RUNTIME_LIBRARIES=(libsqlite3-0 libdate-tz3 libspdlog1.10 libfmt9 libicu72 libssl3 libboost-url1.81.0 libtomlplusplus3 libsimdjson14)

case "${1:-}" in
  --with-tests) want=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  --runtime-only) want=("${RUNTIME_LIBRARIES[@]}" "${RUNTIME_PACKAGES[@]}") ;;
  "") want=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}") ;;
  *) echo "usage: $0 [--with-tests | --runtime-only]" >&2; exit 2 ;;
esac

missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [[ "${1:-}" == "--runtime-only" ]]; then $SUDO rm -rf /var/lib/apt/lists/*; fi

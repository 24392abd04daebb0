#!/usr/bin/env bash
# Installs exactly the Debian 12 packages mentorbot needs to build, test and run.
set -euo pipefail

BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config git
  libboost1.81-dev libboost-system1.81-dev libboost-url1.81-dev
  libssl-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
  libhowardhinnant-date-dev libcli11-dev libspdlog-dev libfmt-dev
  libicu-dev libtomlplusplus-dev
)
TEST_PACKAGES=(catch2 libbenchmark-dev openssl sqlite3 clang libclang-rt-14-dev)
RUNTIME_PACKAGES=(tzdata ca-certificates)

want=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
if [[ "${1:-}" == "--with-tests" ]]; then
  want+=("${TEST_PACKAGES[@]}")
fi

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

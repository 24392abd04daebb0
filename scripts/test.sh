#!/usr/bin/env bash
# Sets up and runs every test: installs packages, builds under ASan+UBSan, fuzzes briefly, runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-tests
build_dir=build/test
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DMENTORBOT_TESTS=ON -DMENTORBOT_BENCH=ON -DMENTORBOT_SANITIZE=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A short libFuzzer run of every target (clang, ASan + UBSan); MENTORBOT_FUZZ_SECONDS=0 skips it.
fuzz_seconds="${MENTORBOT_FUZZ_SECONDS:-45}"
if ((fuzz_seconds > 0)); then bash scripts/fuzz.sh "$fuzz_seconds"; fi
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" "$@"

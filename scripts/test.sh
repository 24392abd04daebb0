#!/usr/bin/env bash
# Sets up and runs every test: installs packages, checks the code style, builds under ASan+UBSan, fuzzes briefly, runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-tests
# The code style (.clang-format) is part of the test: a file it would change fails the run.
mapfile -t sources < <(find bot commands storage domain config model util tests bench fuzz -name '*.cpp' -o -name '*.h')
clang-format --dry-run -Werror "${sources[@]}"
build_dir=build/test
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DMENTORBOT_TESTS=ON -DMENTORBOT_BENCH=ON -DMENTORBOT_SANITIZE=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A short libFuzzer run of every target (clang, ASan); MENTORBOT_FUZZ_SECONDS=0 skips it.
fuzz_seconds="${MENTORBOT_FUZZ_SECONDS:-45}"
if ((fuzz_seconds > 0)); then bash scripts/fuzz.sh "$fuzz_seconds"; fi
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" "$@"

#!/usr/bin/env bash
# Sets up and runs every test: installs packages, checks the code style, builds under ASan+UBSan, fuzzes briefly, runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-tests
# The code style (.clang-format) is part of the test: a file it would change fails the run.
mapfile -t sources < <(find bot commands storage domain config model util tests bench fuzz -name '*.cpp' -o -name '*.h')
clang-format --dry-run -Werror "${sources[@]}"
build_dir=build/test
# A unity build compiles a few sources as one file, so the Boost.Beast and Asio templates
# they share are instantiated once per batch rather than once per file (the core library
# compiles in half the time); lld links the sanitized binaries in a third of ld's time.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DMENTORBOT_TESTS=ON -DMENTORBOT_BENCH=ON -DMENTORBOT_SANITIZE=ON \
  -DCMAKE_UNITY_BUILD=ON -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A short libFuzzer run of every target (clang, ASan); MENTORBOT_FUZZ_SECONDS=0 skips it.
fuzz_seconds="${MENTORBOT_FUZZ_SECONDS:-45}"
if ((fuzz_seconds > 0)); then bash scripts/fuzz.sh "$fuzz_seconds"; fi
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" "$@"

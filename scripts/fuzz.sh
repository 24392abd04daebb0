#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan) and runs each for a while.
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target …]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(command_text commands config_file csv_import slack_envelope discord_frame); fi

build_dir=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMENTORBOT_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build_dir/artifacts"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
for target in "${targets[@]}"; do
  # New inputs go to a scratch corpus; the repository's seeds are only read. A fixed
  # seed keeps the smoke run repeatable; run longer with other seeds by hand.
  work="$build_dir/corpus/$target"
  mkdir -p "$work"
  echo "fuzzing $target for ${seconds}s"
  "$build_dir/fuzz_$target" "$work" "fuzz/corpus/$target" -max_total_time="$seconds" -max_len=4096 \
    -seed=1 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build_dir/artifacts/$target-" -print_final_stats=1 2>&1 |
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|fuzz target found a bug|Test unit written)" || true
  if compgen -G "$build_dir/artifacts/$target-*" >/dev/null; then
    echo "fuzz target $target crashed; the input is in $build_dir/artifacts/ — add it to fuzz/corpus/$target/ and fix the bug" >&2
    exit 1
  fi
done
echo "fuzz smoke: ${#targets[@]} targets ran ${seconds}s each without a crash"

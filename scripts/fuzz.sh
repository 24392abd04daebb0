#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan) and runs each for a while.
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target …]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(command_text commands config_file csv_import slack_envelope discord_frame http_request); fi

build_dir=build/fuzz
# Unoptimised with line tables only: clang compiles the Beast-heavy files four times faster
# than at -O2 -g, which matters more to a short run than executions per second, and a
# crash's stack still names file and line.
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DMENTORBOT_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build_dir/artifacts" "$build_dir/logs"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
# Runs one target; prints its figures, and its report and a non-zero status if it failed.
fuzz_one() {
  local target="$1" work log artifacts artifact reproduced
  # New inputs go to a scratch corpus; the repository's seeds are only read. A fixed
  # seed keeps the smoke run repeatable; run longer with other seeds by hand.
  work="$build_dir/corpus/$target"
  log="$build_dir/logs/$target.log"
  mkdir -p "$work"
  "$build_dir/fuzz_$target" "$work" "fuzz/corpus/$target" -max_total_time="$seconds" -max_len=4096 \
    -seed=1 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build_dir/artifacts/$target-" -print_final_stats=1 \
    >"$log" 2>&1 || true
  grep -E "stat::number_of_executed_units" "$log" | sed "s/^/$target: /" || true
  artifacts=("$build_dir/artifacts/$target-"*)
  if [[ -e "${artifacts[0]}" ]]; then
    # Everything libFuzzer said about the failure: the sanitizer report with its stack, or
    # the timeout or memory limit that was hit.
    echo "fuzz target $target stopped on ${artifacts[*]}; its report:" >&2
    sed -n '/ERROR\|WARNING: \|deadly signal\|Test unit written\|SUMMARY/,$p' "$log" | head -80 >&2
    # A timeout or memory stop that a second run of the same input does not repeat was the
    # machine stalling, not a bug in the code; anything else fails the run.
    reproduced=no
    for artifact in "${artifacts[@]}"; do
      if ! "$build_dir/fuzz_$target" -timeout=10 -rss_limit_mb=2048 "$artifact" >"$log.rerun" 2>&1; then
        reproduced=yes
        sed -n '/ERROR\|deadly signal\|SUMMARY/,$p' "$log.rerun" | head -60 >&2
      fi
    done
    case "$(basename "${artifacts[0]}")" in
      "$target-timeout-"* | "$target-oom-"* | "$target-slow-unit-"*)
        if [[ $reproduced == no ]]; then
          echo "the input runs cleanly on its own: the machine stalled; kept in $build_dir/artifacts/stalled" >&2
          mkdir -p "$build_dir/artifacts/stalled" && mv "${artifacts[@]}" "$build_dir/artifacts/stalled/"
          return 0
        fi
        ;;
    esac
    echo "fuzz target $target crashed; the input is in $build_dir/artifacts/ — add it to fuzz/corpus/$target/ and fix the bug" >&2
    return 1
  fi
}

# libFuzzer uses one core per target: as many targets run side by side as there are cores.
echo "fuzzing ${targets[*]} for ${seconds}s each"
declare -A running=()
failed=0
for target in "${targets[@]}"; do
  while ((${#running[@]} >= $(nproc))); do
    wait -n -p finished || failed=1
    unset "running[$finished]"
  done
  fuzz_one "$target" &
  running[$!]=$target
done
while ((${#running[@]} > 0)); do
  wait -n -p finished || failed=1
  unset "running[$finished]"
done
if ((failed)); then exit 1; fi
echo "fuzz smoke: ${#targets[@]} targets ran ${seconds}s each without a crash"

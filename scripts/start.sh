#!/usr/bin/env bash
# Sets up and starts mentorbot: installs packages, builds Release, runs it (console chat by default).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" --target mentorbot >&2
exec build/release/mentorbot "$@"

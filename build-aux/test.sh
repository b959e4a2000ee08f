#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Muragat and runs every test: the core, CLI and display suites
# (under Xvfb), then the same suites again built with AddressSanitizer and UBSan.
# Usage: build-aux/test.sh [--no-sanitizers]
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=1
[ "${1:-}" = "--no-sanitizers" ] && sanitizers=0

./build-aux/install-deps.sh

# The tests read the shared corpus: ../shared/corpus beside this checkout, or MURAGAT_CORPUS.
corpus="${MURAGAT_CORPUS:-$(cd .. && pwd)/shared/corpus}"
if [ ! -d "$corpus" ]; then
  echo "test.sh: the test corpus is not at $corpus; set MURAGAT_CORPUS to its folder" >&2
  exit 1
fi

run_suite() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" -Dcorpus="$corpus" "$@"
  else
    meson configure "$dir" -Dcorpus="$corpus"
  fi
  meson compile -C "$dir"
  # Display tests need an X server; xvfb-run gives each run its own.
  xvfb-run -a -s '-screen 0 1600x1000x24' \
    meson test -C "$dir" --print-errorlogs --num-processes 2 --timeout-multiplier 3
}

run_suite build --werror

if [ "$sanitizers" = 1 ]; then
  # Leaks inside GTK, fontconfig and tesseract's caches are not ours; memory errors and
  # undefined behaviour anywhere fail the run.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_odr_violation=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run_suite build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debug
fi

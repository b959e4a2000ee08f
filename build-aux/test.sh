#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Muragat and runs every test: the core, CLI and display suites
# (under Xvfb), then the same suites again built with AddressSanitizer and UBSan (the core and
# CLI suites with LeakSanitizer too).
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

build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" -Dcorpus="$corpus" "$@"
  else
    meson configure "$dir" -Dcorpus="$corpus"
  fi
  meson compile -C "$dir"
}

run_tests() {
  local dir=$1; shift
  # Display tests need an X server; xvfb-run gives each run its own.
  xvfb-run -a -s '-screen 0 1600x1000x24' \
    meson test -C "$dir" --print-errorlogs --num-processes 2 --timeout-multiplier 3 "$@"
}

build build --werror
run_tests build

if [ "$sanitizers" = 1 ]; then
  # Memory errors and undefined behaviour anywhere fail the run.
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  asan=abort_on_error=1:detect_odr_violation=0
  build build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  # The core and CLI suites (muragat-cli included) must also free what they take, but for what
  # libraries keep for the life of the process (build-aux/lsan.supp).
  ASAN_OPTIONS=$asan:detect_leaks=1 \
  LSAN_OPTIONS=suppressions=$PWD/build-aux/lsan.supp:print_suppressions=0 \
    run_tests build-asan --suite core --suite cli
  # The display suites run GTK, whose caches live as long as the process.
  ASAN_OPTIONS=$asan:detect_leaks=0 run_tests build-asan --no-suite core --no-suite cli
fi

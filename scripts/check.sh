#!/usr/bin/env bash
# check.sh - build and run every test: unit, CLI, web (SQLite and PostgreSQL), sensor,
# sanitizers, bounded fuzzing and browser tests. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
export OTASUKE_CORPUS=${OTASUKE_CORPUS:-$ROOT/../shared/corpus}
passed=0
failed=0
failures=()

stage() { echo; echo "=== $* ==="; }
record() { # name, exit code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}

stage "format"
make -s fmt-check; record format $?

stage "message catalog: every msgid translated once"
scripts/po_extract.py --conflicts ja && scripts/po_extract.py --missing ja
record catalog $?

stage "build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j2
rc=$?; record build $rc
if [ $rc -ne 0 ]; then echo "build failed"; echo "$passed passed, $failed failed"; exit 1; fi

stage "services: PostgreSQL and SMTP sink on loopback"
source scripts/test-services.sh
services_start || { record services 1; }
trap services_stop EXIT

stage "ctest (unit, CLI, web on SQLite and PostgreSQL, sensor)"
ctest --test-dir build --output-on-failure -j2 --timeout 900
record ctest $?

stage "sanitizers (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOTASUKE_SANITIZE=ON >/dev/null && cmake --build build-asan -j2 &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j2 -L 'unit|web' --timeout 900
record sanitizers $?

stage "fuzzing (${FUZZ_SECONDS}s per target)"
CC=clang-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOTASUKE_FUZZ=ON >/dev/null &&
  cmake --build build-fuzz -j2
rc=$?; record fuzz-build $rc
if [ $rc -eq 0 ]; then
  for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f")
    work=$(mktemp -d)
    seeds=()
    [ -d "tests/fuzz/corpus/$name" ] && seeds+=("tests/fuzz/corpus/$name")
    echo "--- $name"
    "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      "$work" "${seeds[@]}" >"$work.log" 2>&1
    rc=$?
    tail -n 3 "$work.log"
    [ $rc -eq 0 ] || tail -n 60 "$work.log"
    record "$name" $rc
    rm -rf "$work" "$work.log"
  done
fi

if [ -f tests/browser/run.sh ]; then
  stage "browser tests (headless chromium)"
  tests/browser/run.sh
  record browser $?
fi

echo
[ ${#failures[@]} -eq 0 ] || echo "failed stages: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Opt-in check on real file systems of what the test suite checks through a fault seam: a results folder on a full disk
# and on a read-only one. Needs the built jar and permission to mount (root, outside a restricted container); where
# mounting is not allowed it says so and exits 0 without checking anything.
#
#   scripts/fault-disks.sh
#
# 1. A 1 MiB tmpfs filled to its last 16 KiB: `report` and a short fake-engine `run` into it must fail with
#    "No space left on device" and leave no temporary and no partial file (every JSON file there must parse).
# 2. A read-only tmpfs: `run` into it must fail before any JMH fork, exit 2, naming the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/benchmarks.jar
[ -f "$jar" ] || { echo "fault-disks: build first: mvn -B -q package -DskipTests" >&2; exit 2; }

work=$(mktemp -d)
full="$work/full"
readonly_dir="$work/readonly"
mkdir -p "$full" "$readonly_dir"
cleanup() {
  umount "$full" 2>/dev/null || true
  umount "$readonly_dir" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if ! mount -t tmpfs -o size=1m tmpfs "$full" 2>/dev/null || ! mount -t tmpfs -o ro,size=64k tmpfs "$readonly_dir" 2>/dev/null; then
  echo "fault-disks: skipped: this process may not mount a tmpfs (needs root outside a restricted container)"
  exit 0
fi
head -c $((1024 * 1024 - 16 * 1024)) /dev/zero > "$full/filler" 2>/dev/null || true

run=(java -Djmh.ignoreLock=true -jar "$jar" GenerationLatencyBenchmark -p framework=fake -p model=zero -p batchSize=1 -p promptTokens=4
  -p newTokens=2 -p threads=1 -f 1 -wi 0 -i 1 --no-agreement --no-calibration)

check_no_partial() {
  local leftovers
  leftovers=$(find "$1" -name '.*.tmp' -o -name '*.partial' | grep -v '^$' || true)
  if [ -n "$leftovers" ]; then
    echo "fault-disks: FAILED: temporary files left behind: $leftovers" >&2
    exit 1
  fi
  for json in $(find "$1" -name '*.json'); do
    python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$json" || { echo "fault-disks: FAILED: $json is not whole JSON" >&2; exit 1; }
  done
}

set +e
java -jar "$jar" report src/test/resources/dev/tokenbench/report/runs/20261128T142326Z-ff5d6c8bbe --out "$full/report" > "$work/report.out" 2>&1
report_exit=$?
"${run[@]}" --results-dir "$full/runs" > "$work/run-full.out" 2>&1
run_full_exit=$?
"${run[@]}" --results-dir "$readonly_dir/runs" > "$work/run-ro.out" 2>&1
run_ro_exit=$?
set -e

if [ "$report_exit" -eq 0 ] || ! grep -q "No space left on device" "$work/report.out"; then
  echo "fault-disks: FAILED: report on a full disk: exit $report_exit, output:" >&2; cat "$work/report.out" >&2; exit 1
fi
check_no_partial "$full"
if [ "$run_full_exit" -ne 0 ] && ! grep -q "No space left on device" "$work/run-full.out"; then
  echo "fault-disks: FAILED: run on a full disk failed without saying the disk is full:" >&2; cat "$work/run-full.out" >&2; exit 1
fi
check_no_partial "$full"
if [ "$run_ro_exit" -ne 2 ] || ! grep -q "Read-only file system" "$work/run-ro.out" || grep -q "# Fork" "$work/run-ro.out"; then
  echo "fault-disks: FAILED: run into a read-only folder: exit $run_ro_exit, output:" >&2; cat "$work/run-ro.out" >&2; exit 1
fi
echo "fault-disks: passed: full disk (report: exit $report_exit, run: exit $run_full_exit, no partial file), read-only folder (exit 2 before any fork)"
echo "  report: $(grep -m1 'No space' "$work/report.out")"
echo "  run:    $(grep -m1 'tokenbench run' "$work/run-full.out" || echo 'completed within the space left')"
echo "  ro:     $(grep -m1 'Read-only' "$work/run-ro.out")"

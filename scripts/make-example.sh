#!/usr/bin/env bash
# Makes results/examples/: the main job's report from this machine (Markdown, self-contained HTML, PNG charts, env.json).
#
#   scripts/make-example.sh                      # runs the main job (the default suite as a sweep), then copies its report
#   scripts/make-example.sh -p model=tiny        # any option of the main job passes through
#   EXAMPLE_FROM=results/runs/<run> scripts/make-example.sh   # renders an existing run (or sweep) folder instead of running
#
# The report is rendered again from the run folder by this checkout's jar, so the example shows the current report format.
# SVG charts are left out (ten times the bytes of the PNGs); the example stays under 2 MB.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/benchmarks.jar}
OUT=results/examples
[ -f "$JAR" ] || mvn -B -q package -DskipTests

load_before=$(uptime)
if [ -n "${EXAMPLE_FROM:-}" ]; then
  run="$EXAMPLE_FROM"
  command="report of an earlier run: $run"
else
  runs=$(mktemp -d results/runs/example.XXXXXX 2>/dev/null || { mkdir -p results/runs && mktemp -d results/runs/example.XXXXXX; })
  java ${JAVA_OPTS:-} -jar "$JAR" --results-dir "$runs" "$@" || echo "make-example: the run exited with $?; its report is used anyway" >&2
  run=$(ls -d "$runs"/*/ | head -1)
  command="java ${JAVA_OPTS:-} -jar $JAR $*"
fi
load_after=$(uptime)

rm -rf "$OUT.new"
mkdir -p "$OUT.new"
java -jar "$JAR" report "$run" --out "$OUT.new" --format md,html,csv,json,png > /dev/null
cp "$run/env.json" "$OUT.new/env.json"
commit=$(git rev-parse --short=10 HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || echo unknown)
cat > "$OUT.new/README.md" <<NOTE
# Example report

Made by \`scripts/make-example.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) at commit $commit, on $(nproc) cores ($cpu),
$(free -g | awk '/Mem:/ {print $2}') GB of memory.

- What ran: $command
- Load average when this script started and ended (for an earlier run, NOTES.md gives the run's own): $load_before / $load_after

Files: [report.md](report.md), [report.html](report.html) (self-contained), [charts/](charts/), [env.json](env.json),
report.csv and report.json. The numbers are whatever this run measured on this machine; see the load above.
NOTE
if [ -f "$OUT/NOTES.md" ]; then
  cp "$OUT/NOTES.md" "$OUT.new/NOTES.md"
fi
rm -rf "$OUT"
mv "$OUT.new" "$OUT"
du -sh "$OUT"

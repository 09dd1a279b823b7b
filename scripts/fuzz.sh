#!/usr/bin/env bash
# Fuzzes tokenbench's parsers of user files with Jazzer, one target after another, each for a fixed time, and fails on
# the first finding (README, "Fuzzing").
#
#   scripts/fuzz.sh                          every target, FUZZ_SECONDS (default 5) each
#   FUZZ_SECONDS=600 scripts/fuzz.sh GgufFuzzTest#ggufFile ModelFilesFuzzTest#safetensors
#
# Targets are Class#method of the @FuzzTest methods under src/test/java. Each runs in its own test JVM with a small heap
# (FUZZ_HEAP, default 256m), so allocating a size that an input claims but does not hold fails as OutOfMemoryError.
# Per target the log is target/fuzz/logs/<Class>#<method>.log; the generated corpus grows in
# target/fuzz/.cifuzz-corpus/, and a finding's input is written to target/fuzz/crash-<sha1> (all git-ignored).
# Environment: MVN (default "mvn -B -q"; add -o to stay offline), FUZZ_SECONDS, FUZZ_HEAP, FUZZ_TIMEOUT (seconds one
# input may take before it counts as a hang, default 30), FUZZ_RUNS (stop each target after this many executions, when
# that comes before FUZZ_SECONDS) and FUZZ_SEED (libFuzzer's seed; unset: a new random one each run). CI sets both, so
# that it tries the same inputs on every run of the same code: a finding there is the change's, not the dice's.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-5}
heap=${FUZZ_HEAP:-256m}
timeout=${FUZZ_TIMEOUT:-30}
extra=()
if [ -n "${FUZZ_RUNS:-}" ]; then
  extra+=("-Djazzer.internal.arg.$((3 + ${#extra[@]}))=-runs=${FUZZ_RUNS}")
fi
if [ -n "${FUZZ_SEED:-}" ]; then
  extra+=("-Djazzer.internal.arg.$((3 + ${#extra[@]}))=-seed=${FUZZ_SEED}")
fi
read -r -a mvn <<< "${MVN:-mvn -B -q}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  while IFS= read -r file; do
    class=$(basename "$file" .java)
    while IFS= read -r method; do
      targets+=("${class}#${method}")
    done < <(grep -A3 '@FuzzTest' "$file" | sed -nE 's/^ *void ([A-Za-z0-9_]+)\(.*/\1/p')
  done < <(grep -rl '@FuzzTest' src/test/java | sort)
fi

mkdir -p target/fuzz/logs
# Inputs libFuzzer wrote for findings: crash-* (an exception), timeout-* (a hang), oom-*.
findings() {
  find target/fuzz -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) -printf '%T@ %p\n' | sort -n | cut -d' ' -f2
}
"${mvn[@]}" test-compile

failed=()
total_start=$(date +%s)
for target in "${targets[@]}"; do
  log="target/fuzz/logs/${target}.log"
  before=$(findings | wc -l)
  start=$(date +%s)
  set +e
  JAZZER_FUZZ=1 "${mvn[@]}" surefire:test -Dtest="${target}" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtests.heap="${heap}" -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="${seconds}" \
    -Djazzer.internal.arg.2=-timeout="${timeout}" ${extra[@]+"${extra[@]}"} > "${log}" 2>&1
  status=$?
  set -e
  runs=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1 executions in \2 s/p' "${log}" | tail -1)
  after=$(findings | wc -l)
  if [ "${status}" -ne 0 ] || [ "${after}" -ne "${before}" ]; then
    failed+=("${target}")
    echo "fuzz ${target}: FINDING (exit ${status}; ${runs:-no executions}; $(($(date +%s) - start)) s wall); log ${log}" >&2
    grep -m1 -E '^(== Java Exception|Caused by|java\.|com\.code_intelligence)' "${log}" >&2 || true
    findings | tail -1 | sed 's/^/  input: /' >&2
  else
    echo "fuzz ${target}: ${runs:-?}, no finding ($(($(date +%s) - start)) s wall)"
  fi
done

echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $(($(date +%s) - total_start)) s in all, ${#failed[@]} with findings"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in ${failed[*]}; each becomes a regression test and a fix (README, \"Fuzzing\")" >&2
  exit 1
fi

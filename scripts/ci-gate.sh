#!/usr/bin/env bash
# CI performance gate: builds the base commit's jar and this checkout's jar, runs the short CI suite with both in
# interleaved rounds (duet where the machine has the cores), and fails (exit 3) on a significant regression.
#
#   scripts/ci-gate.sh BASE_REF            e.g. scripts/ci-gate.sh origin/main
#
# Environment (all optional):
#   GATE_ROUNDS   rounds, each one run of the suite per jar (default 10)
#   GATE_DUET     1: both jars of a round at once, each pinned to its own core; 0: one after the other;
#                 default: 1 when the machine has 4 or more cores
#   GATE_SUITE    the suite both jars run (default: small, djl-pytorch and llama.cpp, batch 1, prompt 32, 32 new tokens,
#                 3 forks per run: small's forks vary 5 to 9% from one to the next here, tiny's 13 to 16%; README,
#                 "CI performance gates")
#   GATE_OUT      where the outputs go (default results/gate/ci): gate.md, gate.xml (JUnit), bench/ (github-action-benchmark)
#   GATE_ARGS     extra gate options, e.g. "--threshold ttft.p50=10 --allow-missing"
# Exit codes: those of the gate command (0 pass, 1 a run failed, 2 bad input, 3 regression).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
  echo "usage: scripts/ci-gate.sh BASE_REF (e.g. origin/main)" >&2
  exit 2
fi
base_ref=$1
rounds=${GATE_ROUNDS:-10}
out=${GATE_OUT:-results/gate/ci}
suite=${GATE_SUITE:-"GenerationLatencyBenchmark -p framework=djl-pytorch,llama.cpp -p model=small -p batchSize=1 -p promptTokens=32 -p newTokens=32 -wi 2 -i 3 -f 3"}
if [ -z "${GATE_DUET:-}" ]; then
  if [ "$(nproc)" -ge 4 ]; then GATE_DUET=1; else GATE_DUET=0; fi
fi

work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "ci-gate: building the current jar"
mvn -B -q package -DskipTests
cp target/benchmarks.jar "$work/current.jar"

echo "ci-gate: building the base jar ($base_ref)"
git worktree add --detach "$work/base" "$base_ref" >/dev/null
(cd "$work/base" && mvn -B -q package -DskipTests)
cp "$work/base/target/benchmarks.jar" "$work/base.jar"

duet=()
if [ "$GATE_DUET" = "1" ]; then duet=(--duet); fi
mkdir -p "$out"
# shellcheck disable=SC2086 # GATE_ARGS and the suite are word lists on purpose
exec java -jar "$work/current.jar" gate --baseline-jar "$work/base.jar" --current-jar "$work/current.jar" \
  --rounds "$rounds" "${duet[@]}" --work-dir "$out/rounds" \
  --markdown "$out/gate.md" --junit "$out/gate.xml" --github-benchmark "$out/bench" ${GATE_ARGS:-} \
  -- $suite

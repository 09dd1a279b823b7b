#!/usr/bin/env bash
# Runs one shard of a sweep, for any CI or batch system.
#
#   scripts/sweep.sh SPEC [K N] [sweep options...]
#
# The shard K of N comes from the arguments, else from the environment:
#   JOB_COMPLETION_INDEX (Kubernetes Indexed Job, counts from 0) with SHARD_COUNT,
#   CI_NODE_INDEX / CI_NODE_TOTAL (GitLab parallel jobs, counts from 1),
#   SHARD_INDEX / SHARD_COUNT (anything else, counts from 1),
# else the whole sweep (1/1). Results go to $SWEEP_OUT, else ${SWEEP_RESULTS:-results/sweeps}/<spec name>-shard-K-of-N.
# Exit codes are the sweep's: 0 every run finished, 1 some run failed, 2 bad input.
# SWEEP_CMD replaces the launcher (default: java -jar target/benchmarks.jar).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: scripts/sweep.sh SPEC [K N] [sweep options...]" >&2
  exit 2
fi
spec=$1
shift

if [ $# -ge 2 ] && [[ $1 =~ ^[0-9]+$ ]] && [[ $2 =~ ^[0-9]+$ ]]; then
  k=$1
  n=$2
  shift 2
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  k=$((JOB_COMPLETION_INDEX + 1))
  n=${SHARD_COUNT:?"JOB_COMPLETION_INDEX is set: set SHARD_COUNT to the Job's completions"}
elif [ -n "${CI_NODE_INDEX:-}" ]; then
  k=$CI_NODE_INDEX
  n=${CI_NODE_TOTAL:?"CI_NODE_INDEX is set: set CI_NODE_TOTAL too"}
elif [ -n "${SHARD_INDEX:-}" ]; then
  k=$SHARD_INDEX
  n=${SHARD_COUNT:?"SHARD_INDEX is set: set SHARD_COUNT too"}
else
  k=1
  n=1
fi

name=$(basename "$spec" .json)
out=${SWEEP_OUT:-${SWEEP_RESULTS:-results/sweeps}/${name}-shard-${k}-of-${n}}
read -r -a launcher <<< "${SWEEP_CMD:-java -jar target/benchmarks.jar}"
echo "scripts/sweep.sh: shard ${k}/${n} of ${spec} into ${out}" >&2
exec "${launcher[@]}" sweep "$spec" --shard "${k}/${n}" --out "$out" "$@"

#!/usr/bin/env bash
# Submits a sweep as a coordinator job plus a worker job array that SLURM holds until the
# coordinator job runs (--dependency=after:<coordinator job>), and prints both job ids.
# Usage:
#   cluster/slurm/grokscale-submit.sh [--workers N] [--cpus-per-task C] [--time T] [--worker-time T]
#                                     [--sbatch "OPTIONS"] -- COORDINATOR ARGUMENTS (--config sweep.toml …)
#   e.g. GROKSCALE_OUT=$PWD/sweep-out cluster/slurm/grokscale-submit.sh --workers 64 --cpus-per-task 4 --time 2-0 -- --config sweep.toml
# --sbatch passes options (partition, account, …) to both submissions. Variables: as in the two scripts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
workers=4 cpus=1 time="" worker_time="" common=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --workers) workers="$2"; shift 2 ;;
        --cpus-per-task) cpus="$2"; shift 2 ;;
        --time) time="$2"; shift 2 ;;
        --worker-time) worker_time="$2"; shift 2 ;;
        --sbatch) common="$2"; shift 2 ;;
        --) shift; break ;;
        *) echo "grokscale-submit: unknown option $1 (see the comments at the top)" >&2; exit 64 ;;
    esac
done
read -r -a common_args <<< "$common"
coordinator_args=("${common_args[@]}")
[[ -n "$time" ]] && coordinator_args+=(--time="$time")
coordinator=$(sbatch --parsable "${coordinator_args[@]}" "$here/grokscale-coordinator.sbatch" "$@")
coordinator="${coordinator%%;*}"
worker_args=("${common_args[@]}" --dependency="after:$coordinator" --array="0-$((workers - 1))" --ntasks=1 --cpus-per-task="$cpus")
[[ -n "$worker_time" ]] && worker_args+=(--time="$worker_time")
array=$(sbatch --parsable "${worker_args[@]}" "$here/grokscale-workers.sbatch")
echo "coordinator job $coordinator; worker array ${array%%;*} (held until the coordinator runs)"

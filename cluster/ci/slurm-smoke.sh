#!/usr/bin/env bash
# CI: a single-node SLURM on localhost (munged, slurmctld, slurmd), then cluster/slurm's batch
# script (coordinator + srun workers) and the job-array variant on a small grid; checks each
# report says every task is done; stops the daemons it started. Needs root, slurm-wlm, munge.
# Usage: cluster/ci/slurm-smoke.sh [path/to/grokscale]   (default .build/release/grokscale)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(realpath "${1:-.build/release/grokscale}")"
[[ $(id -u) -eq 0 ]] || { echo "slurm-smoke: needs root to start munged, slurmctld and slurmd" >&2; exit 1; }
for tool in munged slurmctld slurmd sbatch; do
    command -v "$tool" >/dev/null || { echo "slurm-smoke: $tool missing: apt-get install -y slurm-wlm munge" >&2; exit 1; }
done
work="$(mktemp -d /tmp/grokscale-slurm-XXXXXX)"
chmod 0755 "$work"
node="$(hostname -s)"
cpus="$(nproc)"
started_munge=0

stop_daemons() {
    for f in "$work/slurmd.pid" "$work/slurmctld.pid"; do
        [[ -f "$f" ]] && kill "$(cat "$f")" 2>/dev/null || true
    done
    if [[ $started_munge -eq 1 && -f "$work/munge/munged.pid" ]]; then kill "$(cat "$work/munge/munged.pid")" 2>/dev/null || true; fi
    sleep 1
}
trap 'status=$?; stop_daemons; [[ $status -eq 0 ]] && rm -rf "$work" || echo "slurm-smoke: kept $work for inspection" >&2; exit $status' EXIT

# munge: a key of our own, a socket in our folder.
mkdir -p "$work/munge" && chown munge: "$work/munge" && chmod 0700 "$work/munge"
dd if=/dev/urandom bs=1 count=1024 of="$work/munge/munge.key" status=none
chown munge: "$work/munge/munge.key" && chmod 0400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
runuser -u munge -- munged --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" --force
started_munge=1

mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=grokscale-ci
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=$((6817 + RANDOM % 100 * 2))
SlurmdPort=$((7817 + RANDOM % 100 * 2))
JobCompType=jobcomp/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break; sleep 0.2; done
sinfo -h -o %T | grep -qE '^(idle|mixed)' || { echo "slurm-smoke: the node never became idle:"; sinfo; tail -20 "$work/slurmctld.log" "$work/slurmd.log"; exit 1; } >&2

grid=(--set 'widths=[20,30,50]' --set seeds=2 --set 'topologies=["ba"]' --set analysis.bootstrap_resamples=200)
tasks=6
check_report() { python3 cluster/ci/check-report.py "$1/report.json" "$tasks" "slurm-smoke: $2"; }
wait_job() {  # job id, seconds
    local deadline=$((SECONDS + $2))
    while squeue -h -j "$1" 2>/dev/null | grep -q .; do
        (( SECONDS < deadline )) || { echo "slurm-smoke: job $1 still running after $2 s" >&2; scancel "$1"; return 1; }
        sleep 1
    done
}
job_state() { sacct -n -X -j "$1" -o State 2>/dev/null | head -1 | tr -d ' '; }

# 1. One job: coordinator on the first node, one worker per task with srun.
export GROKSCALE_BIN="$bin" GROKSCALE_OUT="$work/out-batch"
job=$(cd "$work" && sbatch --parsable --ntasks="$cpus" "$OLDPWD/cluster/slurm/grokscale-sweep.sbatch" "${grid[@]}")
echo "slurm-smoke: submitted batch job $job"
wait_job "$job" 300 || { cat "$work"/grokscale-"$job".out "$GROKSCALE_OUT"/logs/* >&2; exit 1; }
cat "$work/grokscale-$job.out"
grep -q "coordinator exited with status 0" "$work/grokscale-$job.out" || { echo "slurm-smoke: the batch job did not end with status 0" >&2; cat "$GROKSCALE_OUT"/logs/* >&2; exit 1; }
check_report "$GROKSCALE_OUT" "batch script"

# 2. A coordinator job and workers as a job array joining it.
export GROKSCALE_OUT="$work/out-array"
coordinator=$(cd "$work" && sbatch --parsable "$OLDPWD/cluster/slurm/grokscale-coordinator.sbatch" "${grid[@]}")
array=$(cd "$work" && sbatch --parsable --array=0-$((cpus > 2 ? cpus - 2 : 0)) --ntasks=1 "$OLDPWD/cluster/slurm/grokscale-workers.sbatch")
echo "slurm-smoke: submitted coordinator job $coordinator and worker array $array"
wait_job "$coordinator" 300 || { cat "$work"/grokscale-*.out >&2; exit 1; }
wait_job "$array" 60 || { cat "$work"/grokscale-*.out >&2; exit 1; }
cat "$work/grokscale-coordinator-$coordinator.out" | tail -3
check_report "$GROKSCALE_OUT" "job array"
grep -q "the sweep is done" "$work"/grokscale-workers-"$array"_*.out || { echo "slurm-smoke: the array's workers never heard DONE" >&2; cat "$work"/grokscale-workers-*.out >&2; exit 1; }
echo "slurm-smoke: passed"

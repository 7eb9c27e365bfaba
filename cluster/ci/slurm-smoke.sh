#!/usr/bin/env bash
# CI: a single-node SLURM on localhost (munged, slurmctld, slurmd), then on a small grid:
#  1. cluster/slurm's one-job script (coordinator + srun workers): complete report, journal
#     copied back from node-local disk, slots from --cpus-per-task;
#  2. grokscale-submit.sh: the worker array is held (Reason=Dependency) while the coordinator job
#     is held, and starts only after it;
#  3. a coordinator job sent USR1 mid-sweep (what --signal does before the time limit) requeues
#     itself, resumes from its journal and writes a report identical to an in-process run's.
# Stops the daemons it started. Needs root, slurm-wlm, munge, python3.
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
fail() { echo "slurm-smoke: $1" >&2; shift; for f in "$@"; do echo "--- $f" >&2; cat "$f" >&2 2>/dev/null; done; exit 1; }
wait_job() {  # job id, seconds
    local deadline=$((SECONDS + $2))
    while squeue -h -j "$1" 2>/dev/null | grep -q .; do
        (( SECONDS < deadline )) || { echo "slurm-smoke: job $1 still running after $2 s" >&2; scancel "$1"; return 1; }
        sleep 1
    done
}
start_time() { scontrol -o show job "$1" 2>/dev/null | grep -o 'StartTime=[^ ]*' | head -1 | cut -d= -f2; }
export GROKSCALE_BIN="$bin" GROKSCALE_GIT_COMMIT=0000000000000000000000000000000000000000

parts="${SLURM_SMOKE_PARTS:-1 2 3}"  # a subset while debugging, e.g. SLURM_SMOKE_PARTS=3
part() { [[ " $parts " == *" $1 "* ]]; }

# 1. One job: coordinator on the first node, one worker per task with srun, one slot each.
if part 1; then
export GROKSCALE_OUT="$work/out-batch" GROKSCALE_JOURNAL_DIR="$work/local-batch"
job=$(cd "$work" && sbatch --parsable --ntasks="$cpus" --cpus-per-task=1 "$OLDPWD/cluster/slurm/grokscale-sweep.sbatch" "${grid[@]}")
echo "slurm-smoke: submitted batch job $job"
wait_job "$job" 300 || fail "batch job timed out" "$work/grokscale-$job.out" "$GROKSCALE_OUT"/logs/*
cat "$work/grokscale-$job.out"
grep -q "coordinator exited with status 0" "$work/grokscale-$job.out" || fail "the batch job did not end with status 0" "$GROKSCALE_OUT"/logs/*
check_report "$GROKSCALE_OUT" "batch script"
grep -q "1 slot(s)" "$GROKSCALE_OUT/logs/coordinator-$job.log" || fail "workers did not take their slots from --cpus-per-task=1" "$GROKSCALE_OUT/logs/coordinator-$job.log"
"$bin" status --json "$GROKSCALE_OUT" | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["finished"] and s["tasks_done"]==6 else "journal not copied back: %s" % s)' \
    || fail "the shared folder's journal is not the finished one"
echo "slurm-smoke: batch script: journal copied back from node-local disk, 1 slot per worker"

fi

# 2. Coordinator job + worker array held by a dependency: hold the coordinator, see the array wait.
if part 2; then
export GROKSCALE_OUT="$work/out-array" GROKSCALE_JOURNAL_DIR="$work/local-array"
submitted=$(cd "$work" && GROKSCALE_WORKER_ARGS="--task-delay-ms 300" "$OLDPWD/cluster/slurm/grokscale-submit.sh" --workers 1 --cpus-per-task 1 --sbatch "--hold" -- "${grid[@]}")
echo "slurm-smoke: $submitted"
coordinator=$(echo "$submitted" | sed -E 's/coordinator job ([0-9]+);.*/\1/')
array=$(echo "$submitted" | sed -E 's/.*worker array ([0-9]+).*/\1/')
scontrol release "$array"
sleep 3
reason=$(squeue -h -j "$array" -o %r | head -1)
[[ "$reason" == Dependency ]] || fail "the worker array is not held by its dependency while the coordinator waits (reason: $reason)"
[[ ! -e "$GROKSCALE_OUT/endpoint" ]] || fail "an endpoint exists before the coordinator ran"
scontrol release "$coordinator"
wait_job "$coordinator" 300 || fail "coordinator job timed out" "$work"/grokscale-*.out
wait_job "$array" 60 || fail "worker array timed out" "$work"/grokscale-workers-*.out
tail -3 "$work/grokscale-coordinator-$coordinator.out"
check_report "$GROKSCALE_OUT" "job array"
grep -q "the sweep is done" "$work"/grokscale-workers-"$array"_*.out || fail "the array's workers never heard DONE" "$work"/grokscale-workers-*.out
coordinator_start=$(start_time "$coordinator") array_start=$(start_time "${array}_0")
[[ -n "$coordinator_start" && -n "$array_start" && ! "$array_start" < "$coordinator_start" ]] \
    || fail "the array started ($array_start) before the coordinator ($coordinator_start)"
echo "slurm-smoke: array held by the dependency; started $array_start, coordinator $coordinator_start"

fi

# 3. Requeue: USR1 to the coordinator job's batch script mid-sweep (as --signal=B:USR1@120 does
#    before the time limit): it stops, copies the journal back, requeues itself and resumes.
if part 3; then
reference="$work/reference"
"$bin" run --in-process --quiet --out "$reference" "${grid[@]}"
export GROKSCALE_OUT="$work/out-requeue" GROKSCALE_JOURNAL_DIR="$work/local-requeue"
submitted=$(cd "$work" && GROKSCALE_WORKER_ARGS="--task-delay-ms 1500 --slots 1" "$OLDPWD/cluster/slurm/grokscale-submit.sh" --workers 1 --cpus-per-task 1 -- "${grid[@]}")
coordinator=$(echo "$submitted" | sed -E 's/coordinator job ([0-9]+);.*/\1/')
array=$(echo "$submitted" | sed -E 's/.*worker array ([0-9]+).*/\1/')
echo "slurm-smoke: $submitted"
done_tasks() { "$bin" status --json --journal-dir "$GROKSCALE_JOURNAL_DIR" "$GROKSCALE_OUT" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["tasks_done"])' 2>/dev/null || echo 0; }
deadline=$((SECONDS + 120))
until (( $(done_tasks) >= 2 )); do (( SECONDS < deadline )) || fail "no progress before the requeue" "$work"/grokscale-coordinator-"$coordinator".out; sleep 0.5; done
scancel --batch --signal=USR1 "$coordinator"
deadline=$((SECONDS + 180))
until grep -q "restart 1" "$work/grokscale-coordinator-$coordinator.out" 2>/dev/null; do
    (( SECONDS < deadline )) || fail "the coordinator job was not requeued" "$work/grokscale-coordinator-$coordinator.out" "$work/slurmctld.log"
    # SLURM holds a requeued job for about 2 minutes (Reason=BeginTime); CI need not wait them out.
    if squeue -h -j "$coordinator" -o "%T %r" 2>/dev/null | grep -q "PENDING BeginTime"; then
        scontrol update JobId="$coordinator" StartTime=now
    fi
    sleep 1
done
wait_job "$coordinator" 300 || fail "requeued coordinator timed out" "$work/grokscale-coordinator-$coordinator.out"
wait_job "$array" 120 || fail "worker array timed out" "$work"/grokscale-workers-"$array"_*.out
out="$work/grokscale-coordinator-$coordinator.out"
cat "$out" | grep -E "grokscale-coordinator:|resuming" || true
grep -q "requeueing job $coordinator" "$out" || fail "the job did not requeue itself on USR1" "$out"
grep -qE "resuming: [1-5] of 6 tasks already in the journal \(coordinator run 2\)" "$out" || fail "the requeued coordinator did not resume from its journal" "$out"
check_report "$GROKSCALE_OUT" "requeued coordinator"
cmp "$reference/report.json" "$GROKSCALE_OUT/report.json" || fail "the requeued sweep's report differs from the in-process one"
echo "slurm-smoke: requeued coordinator resumed; report identical to the in-process run's"
fi
echo "slurm-smoke: passed"

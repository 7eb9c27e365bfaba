#!/usr/bin/env bash
# Start grokscale workers over ssh on the hosts listed in a file, one worker process per host
# running `slots` tasks at once; keep each worker's log here; stop them with grokscale-ssh-stop.sh.
#
#   cluster/ssh/grokscale-ssh-launch.sh --hosts hosts.txt --connect tcp://head-node:5555 \
#       [--run DIR] [--bin PATH] [--copy LOCAL_BINARY] [--wait] [--ssh-option OPT]... \
#       [-- extra worker options, e.g. --secret-key ~/.grokscale/worker.key --server-key ~/.grokscale/coordinator.pub]
#
# hosts.txt: one `host [slots]` per line (user@host works; no slots: one per core of that host);
#            blank lines and lines starting with # are ignored.
# --run DIR  local folder of this launch: logs/<n>-<host>.log, ssh pids, the hosts' worker pid files
#            (default: ./grokscale-ssh-<date>-<pid>). Give the same folder to grokscale-ssh-stop.sh.
# --bin PATH grokscale on the remote hosts (default: grokscale on their PATH).
# --copy F   first copy the local binary F to ~/.cache/grokscale/grokscale on each host and run that.
# --wait     stay until every worker has exited; exit non-zero if any worker did.
# Workers exit by themselves when the coordinator says the sweep is done, and give up (status 4)
# when no coordinator has answered for --give-up-after seconds (default here 600), so none is left
# running after the coordinator has gone. ssh runs with BatchMode (keys, no password prompts).
set -euo pipefail

hosts="" endpoint="" run="" bin="grokscale" copy="" wait_all=0
ssh_options=(-o BatchMode=yes -o ConnectTimeout=10)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --hosts) hosts="$2"; shift 2 ;;
        --connect) endpoint="$2"; shift 2 ;;
        --run) run="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        --copy) copy="$2"; shift 2 ;;
        --wait) wait_all=1; shift ;;
        --ssh-option) ssh_options+=(-o "$2"); shift 2 ;;
        --) shift; break ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ -n "$hosts" && -n "$endpoint" ]] || { echo "--hosts FILE and --connect ENDPOINT are required (see --help)" >&2; exit 2; }
[[ -r "$hosts" ]] || { echo "cannot read the hosts file $hosts" >&2; exit 2; }
worker_args=("$@")
[[ " ${worker_args[*]} " == *" --give-up-after "* ]] || worker_args+=(--give-up-after 600)
run="${run:-grokscale-ssh-$(date +%Y%m%d-%H%M%S)-$$}"
mkdir -p "$run/logs"
run="$(cd "$run" && pwd)"
tag="$(basename "$run")"
: > "$run/workers"   # one line per worker: n host ssh_pid remote_pid_file

quote() { printf '%q ' "$@"; }
n=0
while read -r host slots _; do
    [[ -z "$host" || "$host" == \#* ]] && continue
    n=$((n + 1))
    remote_bin="$bin"
    if [[ -n "$copy" ]]; then
        # Through ssh's stdin rather than scp: works without an sftp subsystem; the rename makes
        # the swap atomic for a worker already running from the old copy.
        ssh "${ssh_options[@]}" "$host" 'mkdir -p ~/.cache/grokscale && cat > ~/.cache/grokscale/grokscale.new && chmod 755 ~/.cache/grokscale/grokscale.new && mv ~/.cache/grokscale/grokscale.new ~/.cache/grokscale/grokscale' < "$copy"
        remote_bin='~/.cache/grokscale/grokscale'
    fi
    pidfile="/tmp/grokscale-worker-$tag-$n.pid"
    args=(worker --connect "$endpoint" --name "${host#*@}-$n-$tag")
    [[ -n "${slots:-}" ]] && args+=(--slots "$slots")
    args+=("${worker_args[@]}")
    # The remote shell records its pid, then becomes the worker (exec keeps the pid).
    remote="echo \$\$ > $pidfile && exec $remote_bin $(quote "${args[@]}")"
    ssh "${ssh_options[@]}" "$host" "$remote" </dev/null >"$run/logs/$n-${host#*@}.log" 2>&1 &
    echo "$n $host $! $pidfile" >> "$run/workers"
    echo "worker $n on $host${slots:+ ($slots slots)}: log $run/logs/$n-${host#*@}.log"
done < "$hosts"
[[ $n -gt 0 ]] || { echo "no hosts in $hosts" >&2; exit 2; }
echo "$n workers started; stop them with: $(dirname "$0")/grokscale-ssh-stop.sh --run $run"

if [[ $wait_all -eq 1 ]]; then
    failed=0
    while read -r i host pid _; do
        if wait "$pid"; then echo "worker $i on $host exited 0"
        else status=$?; echo "worker $i on $host exited with status $status (log $run/logs/$i-${host#*@}.log)" >&2; failed=1; fi
    done < "$run/workers"
    exit "$failed"
fi

#!/usr/bin/env bash
# Stop the workers started by grokscale-ssh-launch.sh: SIGTERM on each host (a worker hands its
# unfinished tasks back to the coordinator and exits), then SIGKILL after --grace seconds
# (default 10) for any still running, and end the local ssh sessions.
#   cluster/ssh/grokscale-ssh-stop.sh --run DIR [--grace S] [--ssh-option OPT]...
set -uo pipefail

run="" grace=10
ssh_options=(-o BatchMode=yes -o ConnectTimeout=10)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --run) run="$2"; shift 2 ;;
        --grace) grace="$2"; shift 2 ;;
        --ssh-option) ssh_options+=(-o "$2"); shift 2 ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ -r "$run/workers" ]] || { echo "no launch record at $run/workers: pass the --run folder the launcher printed" >&2; exit 2; }

# Only the pid recorded at launch is signalled, and only while it is still a grokscale process.
remote_stop='p=$(cat "$1" 2>/dev/null) || exit 0; alive() { [ -n "$p" ] && grep -q grokscale "/proc/$p/cmdline" 2>/dev/null; }; alive && kill -TERM "$p"; for _ in $(seq $(( $2 * 10 ))); do alive || break; sleep 0.1; done; if alive; then kill -KILL "$p"; echo "killed $p after $2 s"; fi; rm -f "$1"'
status=0
while read -r i host pid pidfile; do
    if ssh -n "${ssh_options[@]}" "$host" "sh -c $(printf '%q' "$remote_stop") stop $pidfile $grace"; then
        echo "worker $i on $host stopped"
    else
        echo "could not reach $host to stop worker $i (pid file $pidfile there)" >&2
        status=1
    fi
    kill "$pid" 2>/dev/null || true
done < "$run/workers"
exit "$status"

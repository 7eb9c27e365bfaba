#!/usr/bin/env bash
# CI: an sshd on 127.0.0.1 (free port, its own host key and an authorized test key in a temporary
# folder), a CURVE coordinator run locally, cluster/ssh's launcher starting workers from a hosts
# file over that sshd; checks the report, that every worker exited 0 on DONE (none left
# running), and the stop script. Needs root (sshd), openssh-server.
# Usage: cluster/ci/ssh-smoke.sh [path/to/grokscale]   (default .build/release/grokscale)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(realpath "${1:-.build/release/grokscale}")"
[[ $(id -u) -eq 0 ]] || { echo "ssh-smoke: needs root to run sshd" >&2; exit 1; }
sshd="$(command -v sshd || echo /usr/sbin/sshd)"
[[ -x "$sshd" ]] || { echo "ssh-smoke: sshd missing: apt-get install -y openssh-server" >&2; exit 1; }
work="$(mktemp -d /tmp/grokscale-ssh-XXXXXX)"
chmod 0700 "$work"
coordinator=""
cleanup() {
    status=$?
    [[ -n "$coordinator" ]] && kill "$coordinator" 2>/dev/null
    [[ -f "$work/sshd.pid" ]] && kill "$(cat "$work/sshd.pid")" 2>/dev/null
    rm -f /tmp/grokscale-worker-run-*.pid /tmp/grokscale-worker-run2-*.pid
    [[ $status -eq 0 ]] && rm -rf "$work" || echo "ssh-smoke: kept $work for inspection" >&2
    exit $status
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
mkdir -p /run/sshd
cat > "$work/sshd_config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
CONF
"$sshd" -f "$work/sshd_config" -E "$work/sshd.log"
cat > "$work/ssh_config" <<CONF
Host 127.0.0.1
    Port $port
    IdentityFile $work/client_key
    IdentitiesOnly yes
    StrictHostKeyChecking no
    UserKnownHostsFile $work/known_hosts
    LogLevel ERROR
CONF
ssh_opts=(--ssh-option "Port=$port" --ssh-option "IdentityFile=$work/client_key" --ssh-option IdentitiesOnly=yes
          --ssh-option StrictHostKeyChecking=no --ssh-option "UserKnownHostsFile=$work/known_hosts" --ssh-option LogLevel=ERROR)
for _ in $(seq 50); do ssh -F "$work/ssh_config" -o BatchMode=yes 127.0.0.1 true 2>/dev/null && break; sleep 0.1; done
ssh -F "$work/ssh_config" -o BatchMode=yes 127.0.0.1 true || { echo "ssh-smoke: cannot ssh to our sshd:" >&2; cat "$work/sshd.log" >&2; exit 1; }

# Keys: the coordinator's pair, the workers' pair, the workers' .pub authorized.
mkdir -p "$work/keys/authorized"
"$bin" keygen --dir "$work/keys" --name coordinator >/dev/null
"$bin" keygen --dir "$work/keys" --name worker >/dev/null
cp "$work/keys/worker.pub" "$work/keys/authorized/"

zport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
grid=(--set 'widths=[20,30,50]' --set seeds=2 --set 'topologies=["ba"]' --set analysis.bootstrap_resamples=200)
printf '# test hosts\n127.0.0.1 2\n\n127.0.0.1 1\n' > "$work/hosts"

# 1. Workers first (they wait for the coordinator), then the coordinator; every worker must
# exit 0 when told the sweep is done. Each task is held 2 s so both workers surely join.
timeout 180 cluster/ssh/grokscale-ssh-launch.sh --hosts "$work/hosts" --connect "tcp://127.0.0.1:$zport" \
    --run "$work/run" --copy "$bin" --wait "${ssh_opts[@]}" \
    -- --secret-key "$work/keys/worker.key" --server-key "$work/keys/coordinator.pub" --task-delay-ms 2000 --give-up-after 60 \
    >"$work/launcher.log" 2>&1 &
launcher=$!
for _ in $(seq 300); do [[ $(ls /tmp/grokscale-worker-run-*.pid 2>/dev/null | wc -l) -eq 2 ]] && break; sleep 0.1; done
"$bin" coordinator "${grid[@]}" --bind "tcp://127.0.0.1:$zport" --out "$work/out" \
    --curve-secret-key "$work/keys/coordinator.key" --authorized-keys "$work/keys/authorized" >"$work/coordinator.log" 2>&1 &
coordinator=$!
wait "$launcher" || { echo "ssh-smoke: launcher failed"; cat "$work/launcher.log" "$work"/run/logs/* "$work/coordinator.log"; exit 1; } >&2
cat "$work/launcher.log"
wait "$coordinator" || { echo "ssh-smoke: coordinator failed"; cat "$work/coordinator.log"; exit 1; } >&2
coordinator=""
python3 cluster/ci/check-report.py "$work/out/report.json" 6 "ssh-smoke: launcher"
[[ $(grep -l "the sweep is done" "$work"/run/logs/*.log | wc -l) -eq 2 ]] || { echo "ssh-smoke: not every worker heard DONE"; cat "$work"/run/logs/*; exit 1; } >&2
for f in /tmp/grokscale-worker-run-*.pid; do
    [[ -e "$f" ]] || continue
    if grep -q grokscale "/proc/$(cat "$f")/cmdline" 2>/dev/null; then echo "ssh-smoke: orphaned worker $(cat "$f")" >&2; exit 1; fi
done

# 2. The stop script ends workers that have no coordinator (they would otherwise retry).
cluster/ssh/grokscale-ssh-launch.sh --hosts "$work/hosts" --connect "tcp://127.0.0.1:$zport" --run "$work/run2" \
    --bin "$bin" "${ssh_opts[@]}" -- --secret-key "$work/keys/worker.key" --server-key "$work/keys/coordinator.pub" >/dev/null
pids=()
for _ in $(seq 100); do
    pids=()
    for f in /tmp/grokscale-worker-run2-*.pid; do [[ -s "$f" ]] && pids+=("$(cat "$f")"); done
    [[ ${#pids[@]} -eq 2 ]] && break
    sleep 0.1
done
[[ ${#pids[@]} -eq 2 ]] || { echo "ssh-smoke: the second launch did not start 2 workers" >&2; cat "$work"/run2/logs/* >&2; exit 1; }
cluster/ssh/grokscale-ssh-stop.sh --run "$work/run2" --grace 5 "${ssh_opts[@]}"
for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then echo "ssh-smoke: worker $p survived the stop script" >&2; exit 1; fi
done
echo "ssh-smoke: passed"

#!/usr/bin/env bash
# CI: the live status page and report.html in a real browser (Debian's chromium, headless).
# A coordinator with --http runs a small sweep with one slowed-down worker; while it runs,
# Chromium screenshots the live page and dumps its DOM (progress, workers, the partial D(τ)
# plot), /status.json and /metrics are read; when it is done, report.html is screenshot and its
# DOM must hold the headline numbers of report.json. Screenshots must not be blank.
# Usage: cluster/ci/browser-smoke.sh [path/to/grokscale]   Needs chromium, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(realpath "${1:-.build/release/grokscale}")"
browser="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$browser" ]] || { echo "browser-smoke: chromium missing: apt-get install -y chromium" >&2; exit 1; }
work="$(mktemp -d /tmp/grokscale-browser-XXXXXX)"
pids=()
cleanup() { status=$?; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [[ $status -eq 0 ]] && rm -rf "$work" || echo "browser-smoke: kept $work" >&2; exit $status; }
trap cleanup EXIT
fail() { echo "browser-smoke: $1" >&2; shift; for f in "$@"; do echo "--- $f" >&2; tail -40 "$f" >&2 2>/dev/null; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
headless() {  # chromium in a throw-away profile; stderr to a log (it is chatty)
    "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
        --user-data-dir="$work/profile" --window-size=1200,1800 "$@" 2>>"$work/chromium.log"
}
grid=(--set 'widths=[20,30,50,70]' --set seeds=2 --set 'topologies=["ba"]' --set analysis.bootstrap_resamples=200 --set network.heartbeat_interval_ms=300)
port="$(free_port)" http="$(free_port)"
"$bin" coordinator "${grid[@]}" --bind "tcp://127.0.0.1:$port" --out "$work/out" --http "127.0.0.1:$http" --http-plot-interval 1 --quiet >"$work/coordinator.log" 2>&1 &
pids+=($!); coordinator=$!
"$bin" worker --connect "tcp://127.0.0.1:$port" --slots 1 --name browser-worker --task-delay-ms 5000 --give-up-after 60 >"$work/worker.log" 2>&1 &
pids+=($!)
page="http://127.0.0.1:$http/"

# Wait until the tasks of 3 widths are done (widest first: h70 ×2, h50 ×2, h30) and the partial
# D(τ) plot is drawn from them, mid-sweep.
for _ in $(seq 600); do
    json="$(curl -fsS "${page}status.json" 2>/dev/null || true)"
    if [[ -n "$json" ]] && python3 -c 'import json,sys; s=json.loads(sys.argv[1]); sys.exit(0 if s["tasks_done"] < 8 and s["d_tau_from_tasks"] >= 5 else 1)' "$json"; then break; fi
    kill -0 "$coordinator" 2>/dev/null || fail "the coordinator ended early" "$work/coordinator.log"
    sleep 0.2
done
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); assert 5 <= s["tasks_done"] < 8, s; assert s["tasks_total"] == 8, s' "$json" || fail "no mid-sweep status: $json" "$work/coordinator.log"
metrics="$(curl -fsS "${page}metrics")"
headless --dump-dom "$page" > "$work/live.html" || fail "chromium could not load the live page" "$work/chromium.log"
headless --screenshot="$work/live.png" "$page" >/dev/null || fail "chromium could not screenshot the live page" "$work/chromium.log"
python3 - "$work/live.html" <<'PY' || fail "the live page's DOM lacks its facts" "$work/live.html"
import re, sys
dom = open(sys.argv[1]).read()
done = re.search(r'id="tasks-done">(\d+) / 8<', dom)
assert done and 5 <= int(done.group(1)) < 8, "tasks done / total"
assert "browser-worker" in dom, "the worker holding a task"
assert re.search(r'id="eta">\d+m\d\ds<', dom), "an ETA"
assert "<svg" in dom and "D(τ)" in dom, "the partial D(τ) plot"
assert "D_post = n/a" not in dom, "the partial D(τ) plot has fitted windows"
print(f"browser-smoke: live page DOM: {done.group(1)}/8 tasks, worker, ETA, partial D(τ) with fitted windows")
PY
python3 cluster/ci/check-png.py "$work/live.png" "browser-smoke: live page"
grep -q '^# TYPE grokscale_tasks_done_total counter' <<< "$metrics" || fail "no grokscale_tasks_done_total counter in /metrics"
grep -qE '^grokscale_tasks_done_total [5-7]$' <<< "$metrics" || fail "grokscale_tasks_done_total is not mid-sweep: $(grep tasks_done <<< "$metrics")"
grep -qE '^grokscale_workers_live 1(\.0)?$' <<< "$metrics" || fail "grokscale_workers_live is not 1"
echo "browser-smoke: /metrics: $(grep -cE '^grokscale_' <<< "$metrics") samples, $(grep -E '^grokscale_tasks_done_total' <<< "$metrics")"

wait "$coordinator" || fail "the coordinator failed" "$work/coordinator.log"
# report.html of an output folder in Chromium: $1 the folder, $2 its name in messages.
check_report() {
report="file://$1/report.html"
headless --dump-dom "$report" > "$1/report-dom.html" || fail "chromium could not load report.html" "$work/chromium.log"
headless --screenshot="$1/report.png" "$report" >/dev/null || fail "chromium could not screenshot report.html" "$work/chromium.log"
python3 - "$1/report.json" "$1/report-dom.html" "$2" <<'PY' || fail "report.html's DOM lacks the headline numbers"
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
dom = open(sys.argv[2]).read()
for key in ("D_pre", "D_post", "gamma"):
    shown = f'{summary[key]["value"]:.3f}'
    assert shown in dom, f"{key} = {shown} not in report.html"
assert dom.count("<svg") >= 5, "the plots"
# The verdict leads, in words; the headline table holds only what to quote.
import re
verdict = re.search(r'<section id="verdict">(.*?)</section>', dom, re.S)
assert verdict and verdict.start() < dom.index('id="headline"'), "the verdict before the headline table"
assert verdict.group(1).count("<li>") >= 5 and "(stat)" in verdict.group(1) and "width range" in verdict.group(1), "the verdict's sentences"
headline = dom[dom.index('id="headline"'):]
headline = headline[:headline.index("</table>")]
assert 3 <= headline.count("<tr>") - 1 <= 8, "headline rows: %d" % (headline.count("<tr>") - 1)
# D(τ) draws the Gaussian control's band, and τ*'s interval when there is a crossing.
assert "Gaussian control, 95% band" in dom, "the control's band in D(τ)"
crossing = summary.get("crossing_tau") or {}
if crossing.get("value") is not None and crossing.get("ci95"):
    assert "τ* 95% interval" in dom, "τ*'s interval in D(τ)"
# No estimate shows an interval wider than its own scale: "x ± y" with y > 100 max(|x|, 1).
for x, y in re.findall(r"(-?\d+\.\d+) ± (\d+\.\d+)", dom):
    assert float(y) <= 100 * max(abs(float(x)), 1), "a giant ± in report.html: %s ± %s" % (x, y)
# S(N) has error bars and local slopes; the bootstrap distributions are small multiples.
assert "bootstrap interval" in dom and "local slopes" in dom, "S(N)'s error bars and local slopes"
assert 'id="bootstrap-0"' in dom and 'id="bootstrap-1"' in dom, "the bootstrap small multiples"
print("browser-smoke:", sys.argv[3], "report.html DOM holds D_pre, D_post, gamma,", dom.count("<svg"), "plots, the verdict, a short headline and the control band")
PY
python3 cluster/ci/check-png.py "$1/report.png" "browser-smoke: $2 report.html"
}
check_report "$work/out" "small-grid"
# The default grid, as the README's first command runs it (in process, a few seconds).
"$bin" run --out "$work/default" --quiet >"$work/default.log" 2>&1 || fail "the default grid failed" "$work/default.log"
check_report "$work/default" "default-grid"
echo "browser-smoke: passed"

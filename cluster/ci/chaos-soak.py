#!/usr/bin/env python3
"""A chaos soak: one coordinator and three workers on loopback under a seeded schedule of faults.

Faults (times drawn from --seed): a worker SIGSTOPped and resumed, a worker SIGKILLed and started
again, the coordinator SIGKILLed and restarted on the same port and folder, a black-hole peer
(FAILURE to every task), a peer sending extreme-but-finite results, a peer sending garbage.
Checks: the coordinator ends with status 0 and no failed task, report.json is byte-identical to
the in-process run's, and no worker outlives the sweep by more than a few heartbeats. Prints the
fault schedule and the figures (tasks re-leased, results refused, wall time against a clean run)
as one JSON object; exits 1 when a check fails (the folder is kept).

Usage: cluster/ci/chaos-soak.py [--binary .build/release/grokscale] [--seeds 1,2,3] [--delay-ms 400]
Needs python3 with pyzmq (the peers are Tests/DistributedTests/Peers/peer.py).
"""
import argparse, json, os, random, signal, socket, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEER = os.path.join(ROOT, "Tests", "DistributedTests", "Peers", "peer.py")
HEARTBEAT_S, LIVENESS = 0.2, 3
# How long a worker may outlive the sweep's end: a few heartbeat periods of the workers' liveness.
OUTLIVE_LIMIT_S = 10 * HEARTBEAT_S * LIVENESS

CONFIG = f"""widths = [20, 30, 50]
seeds = 6
topologies = ["ba", "ring"]
[analysis]
bootstrap_resamples = 200
[network]
heartbeat_interval_ms = {int(HEARTBEAT_S * 1000)}
heartbeat_liveness = {LIVENESS}
max_attempts = 3
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Proc:
    """A child with its output in a log file."""

    def __init__(self, name, argv, folder):
        self.name = name
        self.log = os.path.join(folder, f"{name}.log")
        self.handle = open(self.log, "ab")
        self.p = subprocess.Popen(argv, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True)
        self.ended_at = None

    def poll(self):
        code = self.p.poll()
        if code is not None and self.ended_at is None:
            self.ended_at = time.monotonic()
        return code

    def signal(self, sig):
        if self.p.poll() is None:
            os.kill(self.p.pid, sig)

    def wait(self, timeout):
        try:
            code = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.p.wait()
            code = None
        self.poll()
        return code


def coordinator(binary, config, port, out, folder, run):
    return Proc(f"coordinator-{run}", [binary, "coordinator", "--config", config, "--bind", f"tcp://127.0.0.1:{port}",
                                       "--out", out, "--quiet", "--log-level", "info"], folder)


def worker(binary, port, name, folder, delay_ms):
    return Proc(name, [binary, "worker", "--connect", f"tcp://127.0.0.1:{port}", "--slots", "1", "--name", name,
                       "--heartbeat-ms", str(int(HEARTBEAT_S * 1000)), "--liveness", str(LIVENESS),
                       "--task-delay-ms", str(delay_ms)], folder)


def peer(port, mode, name, folder, extra=()):
    return Proc(name, [sys.executable, PEER, "--endpoint", f"tcp://127.0.0.1:{port}", "--mode", mode, "--name", name,
                       "--duration", "120", *extra], folder)


def journal_count(out, sql):
    db = sqlite3.connect(f"file:{os.path.join(out, 'journal.sqlite')}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def distributed_run(binary, config, folder, delay_ms, schedule=None, rng=None):
    """One sweep; `schedule`: [(seconds, fault)] applied in order. Returns the figures."""
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, "out")
    port = free_port()
    started = time.monotonic()
    runs = 1
    c = coordinator(binary, config, port, out, folder, runs)
    workers = {f"w{i}": worker(binary, port, f"w{i}", folder, delay_ms) for i in range(3)}
    extras, applied, stopped = [], [], set()
    pending = list(schedule or [])
    while True:
        now = time.monotonic() - started
        while pending and pending[0][0] <= now:
            at, fault = pending.pop(0)
            applied.append({"at_s": round(now, 2), "fault": fault})
            kind, _, target = fault.partition(":")
            if kind == "sigstop":
                workers[target].signal(signal.SIGSTOP)
                stopped.add(target)
            elif kind == "sigcont":
                workers[target].signal(signal.SIGCONT)
                stopped.discard(target)
            elif kind == "sigkill-worker":
                workers[target].signal(signal.SIGKILL)
                workers[target].wait(5)
                workers[target + "b"] = worker(binary, port, target + "b", folder, delay_ms)
            elif kind == "sigkill-coordinator":
                c.signal(signal.SIGKILL)
                c.wait(5)
                time.sleep(rng.uniform(0.2, 1.5))
                runs += 1
                c = coordinator(binary, config, port, out, folder, runs)
            elif kind == "blackhole":
                extras.append(peer(port, "blackhole", "blackhole", folder, ["--slots", "4", "--host", "broken-node"]))
            elif kind == "extreme":
                extras.append(peer(port, "extreme", "extreme", folder, ["--slots", "2", "--host", "flaky-node", "--seed", str(rng.randrange(1 << 30))]))
            elif kind == "garbage":
                extras.append(peer(port, "mutate", "garbage", folder, ["--seed", str(rng.randrange(1 << 30)), "--count", "40"]))
        code = c.poll()
        if code is not None and not pending:
            break
        if code is not None and pending:
            # The sweep ended before the rest of the schedule: the faults left are moot.
            applied += [{"at_s": None, "fault": f, "skipped": "sweep already finished"} for _, f in pending]
            pending = []
            break
        if now > 300:
            c.signal(signal.SIGKILL)
            code = c.wait(5)
            break
        time.sleep(0.02)
    ended = time.monotonic()
    for name in list(stopped):
        workers[name].signal(signal.SIGCONT)
    outlived = {}
    for name, w in workers.items():
        status = w.wait(timeout=max(0.1, OUTLIVE_LIMIT_S + 5 - (time.monotonic() - ended)))
        outlived[name] = {"status": status, "outlived_s": None if w.ended_at is None else round(max(0.0, w.ended_at - ended), 2)}
    for e in extras:
        e.wait(timeout=10)
    figures = {"coordinator_status": code, "coordinator_runs": runs, "wall_s": round(ended - started, 2), "workers": outlived,
               "faults": applied}
    if os.path.exists(os.path.join(out, "journal.sqlite")):
        tasks = journal_count(out, "SELECT COUNT(*) FROM results")
        figures.update({
            "tasks_done": tasks,
            "tasks_failed": journal_count(out, "SELECT COUNT(*) FROM failures"),
            "leases": journal_count(out, "SELECT COUNT(*) FROM leases"),
            "tasks_released": journal_count(out, "SELECT COUNT(*) FROM leases") - tasks,
            "results_refused_invalid": journal_count(out, "SELECT COUNT(*) FROM events WHERE kind = 'invalid_result'"),
            "task_failures_reported": journal_count(out, "SELECT COUNT(*) FROM events WHERE kind = 'task_failure'"),
            "quarantined": journal_count(out, "SELECT COUNT(*) FROM events WHERE kind = 'quarantined'"),
            "duplicates": journal_count(out, "SELECT COUNT(*) FROM events WHERE kind = 'duplicate'"),
            "workers_lost": journal_count(out, "SELECT COUNT(*) FROM events WHERE kind = 'worker_lost'"),
        })
    report = os.path.join(out, "report.json")
    figures["report"] = open(report, "rb").read() if os.path.exists(report) else None
    return figures


def schedule(rng, span):
    """Seeded fault times within the first `span` seconds of the sweep."""
    faults = [
        (rng.uniform(0.0, 0.3), "blackhole"),
        (rng.uniform(0.2, 0.6 * span), "extreme"),
        (rng.uniform(0.2, 0.6 * span), "garbage"),
    ]
    stop = rng.uniform(0.1 * span, 0.5 * span)
    faults += [(stop, "sigstop:w1"), (stop + rng.uniform(1.0, 3.0), "sigcont:w1")]
    faults.append((rng.uniform(0.2 * span, 0.6 * span), "sigkill-worker:w2"))
    faults.append((rng.uniform(0.3 * span, 0.7 * span), "sigkill-coordinator"))
    return sorted(faults)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "grokscale"))
    ap.add_argument("--seeds", type=lambda t: [int(x) for x in t.split(",")], default=[1, 2, 3],
                    help="comma-separated seeds; one chaotic run per seed (default 1,2,3)")
    ap.add_argument("--delay-ms", type=int, default=400, help="extra time per task on the Swift workers, so faults land mid-task")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    folder = tempfile.mkdtemp(prefix="grokscale-chaos-")
    config = os.path.join(folder, "sweep.toml")
    with open(config, "w") as f:
        f.write(CONFIG)
    reference = os.path.join(folder, "in-process")
    subprocess.run([binary, "run", "--in-process", "--quiet", "--config", config, "--out", reference], check=True,
                   stdout=subprocess.DEVNULL)
    expected = open(os.path.join(reference, "report.json"), "rb").read()
    clean = distributed_run(binary, config, os.path.join(folder, "clean"), args.delay_ms)
    problems = check("clean", clean, expected)
    chaos_runs = []
    for seed in args.seeds:
        rng = random.Random(seed)
        plan = schedule(rng, max(2.0, clean["wall_s"]))
        run = distributed_run(binary, config, os.path.join(folder, f"chaos-{seed}"), args.delay_ms, plan, rng)
        problems += check(f"chaos seed {seed}", run, expected)
        chaos_runs.append({
            "seed": seed, "schedule": run["faults"], "report_identical": run["report"] == expected,
            "extra_wall_ratio": round(run["wall_s"] / clean["wall_s"], 2) if clean["wall_s"] else None,
            **{k: v for k, v in run.items() if k not in ("report", "faults")},
        })
    summary = {
        "folder": folder,
        "clean": {k: v for k, v in clean.items() if k not in ("report", "faults")},
        "chaos": chaos_runs,
        "problems": problems,
    }
    print(json.dumps(summary, indent=1))
    if problems:
        print("chaos-soak: FAILED (kept " + folder + ")", file=sys.stderr)
        print(f"chaos-soak: {1 + len(args.seeds) - len({p.split(':')[0] for p in problems})} passed, {len({p.split(':')[0] for p in problems})} failed")
        return 1
    subprocess.run(["rm", "-rf", folder])
    print(f"chaos-soak: {1 + len(args.seeds)} passed, 0 failed")
    return 0


def check(name, run, expected):
    """What a run got wrong: a coordinator status, a failed task, another report, a worker left running."""
    problems = []
    if run["coordinator_status"] != 0:
        problems.append(f"{name}: the coordinator exited {run['coordinator_status']}")
    if run.get("tasks_failed", 0) != 0:
        problems.append(f"{name}: {run['tasks_failed']} tasks failed")
    if run["report"] != expected:
        problems.append(f"{name}: report.json differs from the in-process run's")
    for w, seen in run["workers"].items():
        if seen["status"] is None or (seen["outlived_s"] or 0) > OUTLIVE_LIMIT_S:
            problems.append(f"{name}: worker {w} outlived the sweep (status {seen['status']}, {seen['outlived_s']} s)")
        elif seen["status"] not in (0, -9):
            problems.append(f"{name}: worker {w} exited {seen['status']}")
    return problems


if __name__ == "__main__":
    sys.exit(main())

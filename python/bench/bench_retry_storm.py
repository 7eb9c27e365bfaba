"""`grokscale serve` under a report retry storm: a client asks for the ensemble report with a
client timeout far below the report's build time (it resends every timeout), while a second
client says hello every 0.25 s. Prints one JSON object: how many reports the service wrote for
the one request, how long it kept writing, and the second client's hello latency meanwhile.

    swift build -c release && python3 python/bench/bench_retry_storm.py
    # the same storm against another build and client (e.g. an older commit's):
    python3 python/bench/bench_retry_storm.py --binary OLD/grokscale --package OLD/python
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.environ.get("GROKSCALE_BIN") or os.path.join(REPO, ".build", "release", "grokscale"))
    ap.add_argument("--package", default=os.path.join(REPO, "python"), help="folder holding the grokscale package to use")
    ap.add_argument("--timeout", type=float, default=0.5, help="the storming client's timeout (s)")
    ap.add_argument("--give-up", type=float, default=20.0, help="how long the storming client waits for its report (s)")
    ap.add_argument("--quiet-for", type=float, default=10.0, help="the service counts as done after this long without a report write (s)")
    ap.add_argument("--cap", type=float, default=240.0, help="stop watching the service after this long (s)")
    ap.add_argument("--runs", type=int, default=4, help="runs per size (sizes 64, 128, 256, 512)")
    ap.add_argument("--steps", type=int, default=200, help="steps per run: the report's build time grows with them")
    args = ap.parse_args()
    sys.path.insert(0, args.package)
    import grokscale

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        endpoint = "tcp://127.0.0.1:%d" % s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        log_path = os.path.join(tmp, "serve.log")
        log = open(log_path, "wb")
        server = subprocess.Popen([args.binary, "serve", "--bind", endpoint, "--out", os.path.join(tmp, "served"), "--threads", "2"],
                                  stdout=log, stderr=subprocess.STDOUT)

        def writes():
            with open(log_path, "rb") as f:
                return len(re.findall(rb"wrote \S+report\.json", f.read()))

        try:
            rng = np.random.default_rng(0)
            with grokscale.LiveClient(endpoint, queue_size=10000, timeout=30) as feeder:
                for size in (64, 128, 256, 512):
                    for seed in range(args.runs):
                        for step in range(args.steps):
                            feeder.submit(rng.standard_normal(12 * size).astype(np.float32), run="w%d-s%d" % (size, seed), size=size, step=step,
                                          onset=args.steps // 2, loss=1.0, accuracy=0.5)
                feeder.flush(600)
                started = time.perf_counter()
                feeder.report(timeout=600)          # one report, asked once: its build time
                single = time.perf_counter() - started
            baseline = writes()

            hellos, stop = [], threading.Event()

            def greet():
                while not stop.is_set():
                    t0 = time.perf_counter()
                    try:
                        c = grokscale.LiveClient(endpoint, timeout=1)   # hello on connect: gives up after 5 timeouts
                        hellos.append(time.perf_counter() - t0)
                        c.close(flush=False)
                    except TimeoutError:
                        hellos.append(None)
                    time.sleep(0.25)

            greeter = threading.Thread(target=greet)
            greeter.start()
            storm = grokscale.LiveClient(endpoint, timeout=args.timeout)
            started = time.perf_counter()
            try:
                storm.report(timeout=args.give_up)
                answered = time.perf_counter() - started
            except TimeoutError:
                answered = None
            resent = storm.stats["resent"]
            storm.close(flush=False)
            stop.set()
            greeter.join()
            # Watch the service until it has written nothing for --quiet-for seconds.
            last, seen = time.perf_counter(), writes()
            while time.perf_counter() - last < args.quiet_for and time.perf_counter() - started < args.cap:
                time.sleep(0.2)
                if writes() != seen:
                    seen, last = writes(), time.perf_counter()
            busy = last - started
            latencies = [h for h in hellos if h is not None]
            result = {
                "report_build_seconds": single,
                "client_timeout_seconds": args.timeout,
                "storm_request_answered_after_seconds": answered,
                "storm_client_resends": resent,
                "reports_written_for_one_request": seen - baseline,
                "service_writing_for_seconds": busy if seen > baseline else 0.0,
                "watched_until_cap": time.perf_counter() - started >= args.cap,
                "hello_during_storm": len(hellos),
                "hello_timeouts_5s": sum(h is None for h in hellos),
                "hello_max_seconds": max(latencies) if latencies else None,
                "hello_median_seconds": float(np.median(latencies)) if latencies else None,
            }
        finally:
            server.terminate()
            try:
                server.wait(300)
            except subprocess.TimeoutExpired:
                server.kill()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

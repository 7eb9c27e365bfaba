"""Throughput of `grokscale serve` at N = 10^5 from one and from two clients, and the recorder's
overhead per step on the JAX example. Prints one JSON object.

    swift build -c release && python3 python/bench/bench_serve.py [--fields 600] [--threads 2]
"""

import argparse
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python"))
import grokscale  # noqa: E402


def stream(endpoint, n, count, seed, out=None):
    fields = np.random.default_rng(seed).standard_normal((16, n)).astype(np.float32)
    client = grokscale.LiveClient(endpoint, queue_size=count + 1, window=32, keep_results=False, timeout=30)
    started = time.perf_counter()
    for i in range(count):
        client.submit(fields[i % 16])
    client.flush(600)
    elapsed = time.perf_counter() - started
    stats = dict(client.stats)
    client.close()
    result = {"fields": count, "seconds": elapsed, "dropped": stats["dropped"], "replied": stats["replied"]}
    if out is not None:
        out.put(result)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--fields", type=int, default=600)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-example", action="store_true")
    args = ap.parse_args()
    binary = os.environ.get("GROKSCALE_BIN") or os.path.join(REPO, ".build", "release", "grokscale")
    os.environ["GROKSCALE_BIN"] = binary
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    endpoint = "tcp://127.0.0.1:%d" % port
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen([binary, "serve", "--bind", endpoint, "--out", os.path.join(tmp, "served"), "--threads", str(args.threads)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            stream(endpoint, args.n, 16, 0)          # warm-up: the graph for N is built once
            one = stream(endpoint, args.n, args.fields, 1)
            queue = multiprocessing.Queue()
            started = time.perf_counter()
            procs = [multiprocessing.Process(target=stream, args=(endpoint, args.n, args.fields // 2, 2 + k, queue)) for k in range(2)]
            for p in procs:
                p.start()
            two = [queue.get() for _ in procs]
            for p in procs:
                p.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait()
    result = {
        "N": args.n, "serve_threads": args.threads, "cores": os.cpu_count(),
        "one_client_fields_per_second": one["fields"] / one["seconds"],
        "two_clients_fields_per_second": sum(r["fields"] for r in two) / wall,
        "dropped": one["dropped"] + sum(r["dropped"] for r in two),
    }
    if not args.skip_example:
        sys.path.insert(0, os.path.join(REPO, "python", "examples"))
        import jax_modadd
        with tempfile.TemporaryDirectory() as tmp:
            stats = jax_modadd.main(["--out", os.path.join(tmp, "runs"), "--widths", "16,32,64", "--seeds", "1", "--steps", "600", "--every", "50"])
        result["example_recorder"] = stats
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

"""What recording costs the training loop, and whether it grows with the run. Prints one JSON object:

- ``write_ms_at_<k>``: a snapshot's cost (RunWriter.write: the .npy and the index) around the k-th
  snapshot of one run (mean of the 50 snapshots before it), for k = 100, 1000, 5000 — flat when the
  cost per snapshot does not depend on the run's length;
- ``example_*``: the JAX example (python/examples/jax_modadd.py) recording every ``--every`` steps:
  its step time and the recorder's share of it, and that share projected to the 5000th snapshot.

    python3 python/bench/bench_recorder.py [--n 8832] [--snapshots 5000] [--every 50]
    python3 python/bench/bench_recorder.py --package OLD/python    # another version of the package
"""

import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def write_costs(grokscale, n, count, marks, folder):
    """Seconds per snapshot around each mark, recording `count` snapshots of one run."""
    writer = grokscale.RunWriter(folder, "run", size=64)
    field = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    costs = np.empty(count)
    for k in range(count):
        started = time.perf_counter()
        writer.write(10 * k, field, loss=1.0 / (k + 1), accuracy=min(1.0, k / count))
        costs[k] = time.perf_counter() - started
    return {m: float(np.mean(costs[max(0, m - 50):m])) for m in marks if m <= count}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--package", default=os.path.join(REPO, "python"), help="folder holding the grokscale package to measure")
    ap.add_argument("--n", type=int, default=3 * 23 * 128, help="entries per field (default: the JAX example at width 128)")
    ap.add_argument("--snapshots", type=int, default=5000)
    ap.add_argument("--every", type=int, default=50, help="the example's recording interval (steps)")
    ap.add_argument("--skip-example", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, args.package)
    import grokscale

    marks = [100, 1000, 5000]
    with tempfile.TemporaryDirectory() as tmp:
        costs = write_costs(grokscale, args.n, args.snapshots, marks, tmp)
    result = {"N": args.n, "snapshots": args.snapshots, "package": os.path.abspath(args.package)}
    result.update({"write_ms_at_%d" % m: 1e3 * c for m, c in costs.items()})
    if not args.skip_example:
        sys.path.insert(0, os.path.join(args.package, "examples"))   # the example of the package measured
        import jax_modadd
        with tempfile.TemporaryDirectory() as tmp:
            stats = jax_modadd.main(["--out", os.path.join(tmp, "runs"), "--widths", "32,128", "--seeds", "1", "--steps", "1000",
                                     "--every", str(args.every)])
        step_ms = stats["step_ms"]
        result.update({
            "example_every": args.every,
            "example_step_ms": step_ms,
            "example_recorder_ms_per_snapshot": stats["recorder_ms_per_snapshot"],
            "example_recorder_share_of_a_step": stats["recorder_share"],
            # The write's growth over a long run, added to the example's own per-snapshot cost.
            "example_recorder_share_at_snapshot_5000": (stats["recorder_ms_per_snapshot"]
                                                        + max(0.0, result.get("write_ms_at_5000", 0) - result["write_ms_at_100"])) / (args.every * step_ms),
        })
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

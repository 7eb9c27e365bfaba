"""Conveniences over the grokscale command line: probe one field, fit a run folder, read a
report. The binary is $GROKSCALE_BIN, else ``grokscale`` on PATH."""

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np


class GrokscaleError(RuntimeError):
    """The grokscale command failed; ``status`` is its exit status (README's table)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def binary():
    path = os.environ.get("GROKSCALE_BIN") or shutil.which("grokscale")
    if not path or not os.path.exists(path):
        raise GrokscaleError("grokscale binary not found: build it (swift build -c release) and set GROKSCALE_BIN=.build/release/grokscale or put it on PATH")
    return path


def _run(args, capture=True):
    result = subprocess.run([binary()] + [str(a) for a in args], capture_output=True, text=True)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise GrokscaleError("grokscale %s failed (exit %d): %s" % (args[0], result.returncode, message), result.returncode)
    return result.stdout


def probe(field, graph="ba", c=0.9, quantile=0.9, seed=0, loads="abs", mode="global", permutation=True):
    """Cascades of one field (1-D) or one per row (2-D), as ``grokscale probe`` prints them:
    a dict of int64 arrays ``index, size, extent, duration`` (pandas.DataFrame(result) works)."""
    a = np.asarray(field)
    if a.ndim not in (1, 2):
        raise ValueError("a field is 1-D (one field) or 2-D (one field per row); got shape %s" % (a.shape,))
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float32)
    with tempfile.TemporaryDirectory(prefix="grokscale-probe-") as tmp:
        path = os.path.join(tmp, "field.npy")
        np.save(path, np.ascontiguousarray(a))
        args = ["probe", "--field", path, "--graph", graph, "--c", c, "--quantile", quantile, "--seed", seed, "--loads", loads, "--mode", mode]
        if not permutation:
            args.append("--no-permutation")
        out = _run(args)
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], rows[1:]
    table = np.array(body, dtype=np.int64).reshape(-1, len(header))
    return {name: table[:, k] for k, name in enumerate(header)}


def fit(folder, out=None, topologies=None, settings=(), quiet=True):
    """Runs ``grokscale fit`` on a run folder; returns :func:`read_report` of its report.
    ``settings`` are ``key=value`` strings as for ``--set`` (e.g. ``"analysis.window=100"``)."""
    args = ["fit", os.fspath(folder)]
    if out is not None:
        args += ["--out", os.fspath(out)]
    if topologies:
        args += ["--topologies", ",".join(topologies)]
    for s in settings:
        args += ["--set", s]
    if quiet:
        args.append("--quiet")
    _run(args)
    return read_report(out if out is not None else os.path.join(os.fspath(folder), "report"))


def read_report(folder):
    """report.json and its CSVs as pandas data frames: a dict with ``report`` (the parsed JSON),
    ``summary``, ``avalanches``, ``runs`` and, when present, ``D_step`` and ``D_tau``."""
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("read_report needs pandas: pip install pandas (or pip install './python[pandas]')") from e
    folder = os.fspath(folder)
    path = os.path.join(folder, "report.json")
    if not os.path.exists(path):
        raise FileNotFoundError("%s: no report.json (run grokscale fit or grokscale run first)" % folder)
    with open(path) as f:
        report = json.load(f)
    summary = report.get("summary", {})
    out = {
        "report": report,
        "summary": summary,
        # The per-cascade rows: named by report.json's "cascades" block (avalanches.csv.gz).
        "avalanches": pd.read_csv(os.path.join(folder, report.get("cascades", {}).get("file", "avalanches.csv.gz"))),
        "runs": pd.read_csv(os.path.join(folder, "runs.csv")),
    }
    if "D_step" in summary:
        out["D_step"] = pd.DataFrame(summary["D_step"])
    if "D_tau" in summary:
        out["D_tau"] = pd.DataFrame(summary["D_tau"])
    return out

"""Shared fixtures: the grokscale binary, a running `grokscale serve`, the JAX example's runs.

The suite needs the release binary (swift build -c release, or $GROKSCALE_BIN), real JAX and
pyzmq: a missing one is an error, not a skip, so CI cannot pass without testing them. CI installs
torch too (.ci/run); only on a machine where torch does not import do the PyTorch recorder's tests
skip, with the import error as the reason.
"""

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python"))


def pytest_sessionfinish(session, exitstatus):
    # pytest exits 5 when it collects nothing; make that a loud failure.
    if session.testscollected == 0:
        sys.stderr.write("error: python/tests collected no tests\n")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def grokscale_bin():
    path = os.environ.get("GROKSCALE_BIN") or os.path.join(REPO, ".build", "release", "grokscale")
    if not os.path.exists(path):
        pytest.fail("no grokscale binary at %s: run swift build -c release first (or set GROKSCALE_BIN)" % path)
    os.environ["GROKSCALE_BIN"] = path
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """One `grokscale serve` process; restartable on the same port and folder."""

    def __init__(self, binary, out, args=(), port=None):
        self.binary, self.out, self.args = binary, str(out), list(args)
        self.port = port or free_port()
        self.endpoint = "tcp://127.0.0.1:%d" % self.port
        self.process = None
        self.start()

    def start(self):
        self.log = open(os.path.join(os.path.dirname(self.out), "serve-%d.log" % self.port), "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--bind", self.endpoint, "--out", self.out, "--threads", "2"] + self.args,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("grokscale serve exited with %s; log: %s" % (self.process.returncode, self.read_log()))
            if b"listening on" in self.read_log_bytes():
                return
            time.sleep(0.05)
        raise RuntimeError("grokscale serve did not start: " + self.read_log())

    def read_log_bytes(self):
        with open(self.log.name, "rb") as f:
            return f.read()

    def read_log(self):
        return self.read_log_bytes().decode(errors="replace")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def serve(grokscale_bin, tmp_path):
    services = []

    def start(*args, out=None):
        service = Service(grokscale_bin, out or tmp_path / ("serve-%d" % len(services)), args)
        services.append(service)
        return service

    yield start
    for s in services:
        s.stop()


def load_example():
    path = os.path.join(REPO, "python", "examples", "jax_modadd.py")
    spec = importlib.util.spec_from_file_location("jax_modadd", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Small enough for CI (three widths, two seeds, 200 steps), large enough for D(step).
EXAMPLE_ARGS = ["--widths", "8,16,32", "--seeds", "2", "--steps", "200", "--every", "20", "--p", "13"]
FIT_SETTINGS = ["analysis.bootstrap_resamples=200", "analysis.window=40"]


@pytest.fixture(scope="session")
def example_runs(tmp_path_factory, grokscale_bin):
    out = tmp_path_factory.mktemp("example") / "runs"
    load_example().main(EXAMPLE_ARGS + ["--out", str(out)])
    return out


@pytest.fixture
def runs_copy(example_runs, tmp_path):
    target = tmp_path / "runs"
    shutil.copytree(example_runs, target, ignore=shutil.ignore_patterns("report"))
    return target

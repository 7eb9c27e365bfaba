"""`grokscale serve` with the live client: the same cascades as `grokscale probe`, the same
D(step) as `fit`, and bad input refused clearly without losing anything."""

import glob
import json
import os
import shutil
import signal
import subprocess
import time

import numpy as np
import pytest
import zmq

import grokscale
from conftest import FIT_SETTINGS, free_port

SETTINGS = sum((["--set", s] for s in FIT_SETTINGS), [])


def example_fields(folder):
    """(manifest, step, field) of every recorded snapshot, in folder order."""
    for path in sorted(glob.glob(os.path.join(str(folder), "*", "manifest.json"))):
        m = grokscale.read_manifest(path)
        for s in m["snapshots"]:
            yield m, s, np.load(os.path.join(os.path.dirname(path), s["file"]))


def test_live_client_returns_the_cascades_of_grokscale_probe(serve, example_runs):
    service = serve("--topologies", "ba", *SETTINGS)
    rng = np.random.default_rng(5)
    fields = [rng.standard_normal(n).astype(np.float32) for n in (50, 1000, 4096)]
    fields += [f for _, s, f in example_fields(example_runs) if s["step"] in (0, 200)]
    with grokscale.LiveClient(service.endpoint) as client:
        ids = [client.submit(f) for f in fields]
        client.flush()
        for field, i in zip(fields, ids):
            expected = grokscale.probe(field, graph="ba")
            got = client.cascades(client.result(i))
            assert got.tolist() == np.stack([expected["size"], expected["extent"], expected["duration"]], 1).tolist()


def test_ensemble_D_of_step_equals_fit_on_the_same_snapshots(serve, runs_copy, tmp_path):
    service = serve(*SETTINGS)   # primary topology only, as fit --topologies ba
    with grokscale.LiveClient(service.endpoint, queue_size=1024) as client:
        # Arrival order must not matter: send the runs in reverse.
        for m, s, f in reversed(list(example_fields(runs_copy))):
            assert client.submit(f, run=m["run_id"], size=m["size"], step=s["step"], onset=m["onset"],
                                 loss=s["loss"], accuracy=s["accuracy"]) is not None
        client.flush()
        live = client.ensemble()["D_step"]
        served = client.report()
    fitted = grokscale.fit(runs_copy, topologies=["ba"], settings=FIT_SETTINGS)["summary"]["D_step"]
    assert live == fitted and served["D_step"] == fitted
    report = json.load(open(served["path"]))
    assert report["source"]["kind"] == "serve" and report["summary"]["runs"] == 6


def test_a_client_of_another_protocol_version_is_refused_clearly(serve):
    service = serve()
    with pytest.raises(grokscale.ProtocolVersionError, match="speaks grokscale-serve/1.*grokscale-serve/0"):
        grokscale.LiveClient(service.endpoint, protocol="grokscale-serve/0", timeout=1)
    with grokscale.LiveClient(service.endpoint) as ok:
        assert ok.probe(np.arange(1, 40, dtype=np.float32))["N"] == 39


def raw_request(endpoint, header, *frames):
    ctx = zmq.Context.instance()
    s = ctx.socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.RCVTIMEO, 5000)
    s.connect(endpoint)
    s.send_multipart([json.dumps(dict(header, protocol="grokscale-serve/1")).encode()] + list(frames))
    reply = json.loads(s.recv())
    s.close()
    return reply


def test_fields_of_the_wrong_length_are_refused_and_the_ensemble_unchanged(serve):
    service = serve()
    reply = raw_request(service.endpoint, {"type": "probe", "id": 4, "N": 10}, np.ones(9, "<f4").tobytes())
    assert (reply["type"], reply["code"], reply["id"]) == ("error", "bad_field", 4)
    assert "36 bytes; N = 10 float32 values take 40" in reply["message"]
    with grokscale.LiveClient(service.endpoint) as c:
        c.result(c.submit(np.ones(20, np.float32) + np.arange(20), run="a", step=0))
        i = c.submit(np.ones(30, np.float32) + np.arange(30), run="a", step=1)
        r = c.result(i)
        assert r["type"] == "error" and "run a has N = 20; this field has 30 values" in r["message"]
        assert c.ensemble()["fields"] == 1


def test_nan_fields_are_reported_not_probed(serve):
    service = serve()
    with grokscale.LiveClient(service.endpoint) as c:
        f = np.ones(100, np.float32) + np.arange(100)
        f[5] = np.nan
        reply = c.probe(f)
        entry = reply["topologies"]["ba"]
        assert entry["cascades"] == [] and "non-finite gradient: 1 of 100 entries" in entry["error"]


def test_bounded_queue_drops_are_counted_without_a_service():
    client = grokscale.LiveClient("tcp://127.0.0.1:%d" % free_port(), queue_size=4, window=2, hello=False, timeout=30)
    ids = [client.submit(np.ones(8, np.float32)) for _ in range(10)]
    time.sleep(0.2)
    assert client.stats["dropped"] == sum(i is None for i in ids) and client.stats["dropped"] >= 4
    assert client.stats["submitted"] + client.stats["dropped"] == 10
    client.close(flush=False)


def test_a_restarted_service_resumes_and_streaming_clients_lose_nothing(serve, tmp_path):
    service = serve()
    rng = np.random.default_rng(1)
    fields = {n: rng.standard_normal((40, n)).astype(np.float32) for n in (300, 600)}
    clients = {n: grokscale.LiveClient(service.endpoint, timeout=0.5, queue_size=1000) for n in fields}
    for n, c in clients.items():
        for step in range(20):
            c.submit(fields[n][step], run="n%d" % n, step=step)
        c.flush()
    # The service hangs (SIGSTOP) while the clients keep streaming: what they send now reaches a
    # process that will never answer; then it dies and a new one starts on the same port and folder.
    os.kill(service.process.pid, signal.SIGSTOP)
    for n, c in clients.items():
        for step in range(20, 40):
            c.submit(fields[n][step], run="n%d" % n, step=step)
    time.sleep(1.2)
    service.kill()
    service.start()
    for c in clients.values():
        c.flush(60)
    for c in clients.values():
        assert c.stats["reconnects"] >= 1 and c.stats["resent"] >= 1
        assert c.stats["dropped"] == 0 and c.stats["submitted"] == c.stats["replied"] == 40
    ensemble = clients[300].ensemble()
    assert ensemble["fields"] == 80
    assert sorted((r["run_id"], len(r["steps"])) for r in ensemble["runs"]) == [("n300", 40), ("n600", 40)]
    for c in clients.values():
        c.close()


def test_curve_lets_authorized_clients_in_and_keeps_others_out(serve, grokscale_bin, tmp_path):
    keys = tmp_path / "keys"
    authorized = tmp_path / "authorized"
    authorized.mkdir()
    for name in ("serve", "client", "stranger"):
        subprocess.run([grokscale_bin, "keygen", "--dir", str(keys), "--name", name], check=True, capture_output=True)
    shutil.copy(keys / "client.pub", authorized / "client.pub")
    service = serve("--curve-secret-key", str(keys / "serve.key"), "--authorized-keys", str(authorized))
    with grokscale.LiveClient(service.endpoint, server_key=keys / "serve.pub", public_key=keys / "client.pub",
                              secret_key=keys / "client.key") as ok:
        assert ok.probe(np.arange(1, 50, dtype=np.float32))["N"] == 49
    with pytest.raises(TimeoutError):
        grokscale.LiveClient(service.endpoint, server_key=keys / "serve.pub", public_key=keys / "stranger.pub",
                             secret_key=keys / "stranger.key", timeout=0.3)
    with pytest.raises(TimeoutError):
        grokscale.LiveClient(service.endpoint, timeout=0.3)   # plain text
    assert "refused an unknown CURVE key" in service.read_log()


def test_the_example_streamed_through_serve_gives_the_D_of_step_of_fit(serve, runs_copy):
    from conftest import EXAMPLE_ARGS, load_example
    service = serve(*SETTINGS)
    load_example().main(EXAMPLE_ARGS + ["--serve", service.endpoint])
    with grokscale.LiveClient(service.endpoint) as client:
        served = client.ensemble()
    fitted = grokscale.fit(runs_copy, topologies=["ba"], settings=FIT_SETTINGS)["summary"]["D_step"]
    assert served["fields"] == 6 * 11
    assert served["D_step"] == fitted


def test_a_stopped_service_writes_its_ensemble_report(serve, tmp_path):
    service = serve(*SETTINGS)
    rng = np.random.default_rng(2)
    with grokscale.LiveClient(service.endpoint) as c:
        for n in (100, 200, 400):
            for step in (0, 10):
                c.submit(rng.standard_normal(n).astype(np.float32), run="n%d" % n, step=step)
    service.stop()
    assert service.process.returncode == 0
    report = json.load(open(os.path.join(service.out, "report", "report.json")))
    assert [p["step"] for p in report["summary"]["D_step"]] == [0, 10] and report["summary"]["runs"] == 3


def test_a_report_resent_by_an_impatient_client_is_built_once_and_blocks_no_one(serve):
    # Invariant: however often a client resends a request (here every 50 ms, far below the report's
    # build time), the service computes it once, answers every resend from that one result, and
    # keeps answering other clients meanwhile.
    service = serve()     # the default bootstraps: a report takes about a second here
    rng = np.random.default_rng(3)
    with grokscale.LiveClient(service.endpoint, queue_size=2000) as feeder:
        for size in (64, 128, 256):
            for seed in range(3):
                for step in range(100):
                    feeder.submit(rng.standard_normal(12 * size).astype(np.float32), run="w%d-s%d" % (size, seed), size=size,
                                  step=step, onset=50)
        feeder.flush(120)
    impatient = grokscale.LiveClient(service.endpoint, timeout=0.05)
    done = {}

    def ask():
        done["reply"] = impatient.report(timeout=120)
        done["at"] = time.monotonic()

    import threading
    asker = threading.Thread(target=ask)
    asked = time.monotonic()
    asker.start()
    time.sleep(0.1)
    with grokscale.LiveClient(service.endpoint) as other:
        greeted = time.monotonic()
        asker.join(120)
        hello = other.hello()
    assert "reply" in done and greeted < done["at"], "a hello waited for the report (built in %.2f s)" % (done["at"] - asked)
    assert impatient.stats["resent"] >= 2
    assert hello["reports_written"] == 1 and hello["resends"]["joined_pending"] >= 1
    assert len(done["reply"]["D_step"]) == 100
    impatient.close()

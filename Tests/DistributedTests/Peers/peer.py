#!/usr/bin/env python3
"""Adversarial and unlucky grokscale workers written from PROTOCOL.md alone (pyzmq).

Modes (each prints one JSON line of what it saw on stdout when it ends):
  mutate   -- takes a lease, sends --count seeded random mutations of a valid RESULT (binary body,
              or JSON for every other one and for those with no binary form), counts
              the replies (every one must be a REFUSE), then hands its leases back.
  forge    -- a well-behaved worker whose results are well-formed, valid and fabricated.
  hoard    -- announces 4096 slots, takes every lease offered, heartbeats, never answers.
  mismatch -- answers every TASK with FAILURE code config_hash (another build), until
              REFUSE quarantined.
  vanish   -- --count peers that each connect, send READY and disappear.
  blackhole -- answers FAILURE to every TASK at once (a host with a broken library), until
              REFUSE quarantined or DONE.
  extreme  -- a flaky worker whose results are well-formed and finite but physically impossible
              (loss 1e308, sizes at the cap); counts the refusals, until DONE or --duration.
"""
import argparse, json, os, random, struct, sys, time, tomllib, uuid
import zmq

PROTO = b"GRKS/1"


def frames(kind, body):
    return [PROTO, kind.encode(), json.dumps(body, allow_nan=True).encode()]


# The binary RESULT body and result record (PROTOCOL.md, "RESULT, binary").
def varint(u):
    out = bytearray()
    while u >= 0x80:
        out.append((u & 0x7F) | 0x80)
        u >>= 7
    out.append(u)
    return bytes(out)


def sint(n):
    """Zigzag varint of any Python int (too large for 64 bits gives a varint the coordinator refuses)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"not an integer: {n!r}")
    return varint(n << 1 if n >= 0 else ((-n) << 1) - 1)


def text(s):
    b = s.encode()
    return varint(len(b)) + b


def doubles(xs):
    if not isinstance(xs, list):
        raise TypeError(f"not a list: {xs!r}")
    return varint(len(xs)) + b"".join(struct.pack("<d", float(x)) for x in xs)


def optional_int(v):
    return b"\x00" if v is None else b"\x01" + sint(v)


def record(r):
    """A TaskResult dict (JSON field names) as the binary record GRKT/1; TypeError/KeyError if it has no binary form."""
    t = r["task"]
    out = [b"GRKT\x01", sint(t["width"]), sint(t["seedIndex"]), text(t.get("task", "xor")), text(t.get("optimizer", "gd")),
           text(t.get("regularizer", "none")), struct.pack("<d", float(t.get("weightDecay", 0))), sint(r["parameterCount"]),
           optional_int(r.get("onsetEpoch")), varint(len(r["snapshotEpochs"])), b"".join(sint(e) for e in r["snapshotEpochs"]),
           doubles(r["loss"]), doubles(r["accuracy"]), doubles(r["gini"])]
    out.append(b"\x00" if r.get("testAccuracy") is None else b"\x01" + doubles(r["testAccuracy"]))
    out += [optional_int(r.get("trainOnsetEpoch")), varint(len(r["topologies"]))]
    for topo in r["topologies"]:
        out.append(text(topo["topology"]))
        for fields in (topo["gradient"], topo["control"]):
            out.append(varint(len(fields)))
            for f in fields:
                out.append(b"\x00" if f.get("error") is None else b"\x01" + text(f["error"]))
                out.append(varint(len(f["cascades"])))
                out += [sint(c["size"]) + sint(c["extent"]) + sint(c["duration"]) for c in f["cascades"]]
    return b"".join(out)


def result_frames(lease, task, config_hash, result, raw=None):
    """RESULT with the binary body; `raw` replaces the record's bytes (malformed on purpose)."""
    body = b"GRKR\x01" + sint(lease) + text(task) + text(config_hash) + (record(result) if raw is None else raw)
    return [PROTO, b"RESULT", body]


def connect(ctx, args, name):
    s = ctx.socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.ROUTING_ID, f"{name}#{uuid.uuid4().hex[:8]}".encode())
    if args.secret_key:
        s.curve_secretkey = args.secret_key.encode()
        s.curve_publickey = args.public_key.encode()
        s.curve_serverkey = args.server_key.encode()
    s.connect(args.endpoint)
    return s


def ready(s, name, slots=1, host=None):
    s.send_multipart(frames("READY", {"worker": name, "host": host or "peer-" + name, "pid": os.getpid(),
                                      "slots": slots, "version": "peer", "session": uuid.uuid4().hex}))


def recv(s, timeout_ms):
    if s.poll(timeout_ms) == 0:
        return None
    f = s.recv_multipart()
    return f[1].decode(), json.loads(f[2])


def valid_result(task_key, config_text):
    """A fabricated result with exactly the shape the configuration implies."""
    c = tomllib.loads(config_text)
    h, s = task_key[1:].split("-s")
    width, seed = int(h), int(s)
    epochs, interval = c["training"]["epochs"], c["training"]["snapshot_interval"]
    snaps = list(range(0, epochs + 1, interval))
    controls = (c["probe"]["control_fields"] or len(snaps)) if c["probe"]["control"] else 0
    field = lambda k: {"cascades": [{"size": 2 + k % 3, "extent": 2, "duration": 1}], "error": None}
    return {"task": {"width": width, "seedIndex": seed}, "parameterCount": 4 * width + 1,
            "onsetEpoch": snaps[len(snaps) // 2], "snapshotEpochs": snaps,
            "loss": [0.5] * len(snaps), "accuracy": [0.75] * len(snaps), "gini": [0.25] * len(snaps),
            "topologies": [{"topology": t, "gradient": [field(i) for i in range(len(snaps))],
                            "control": [field(i + 1) for i in range(controls)]} for t in c["topologies"]]}


def mutate(r, rng, n_params):
    """One random mutation that no valid result has; returns (description, body or raw text)."""
    r = json.loads(json.dumps(r))
    snaps = r["snapshotEpochs"]
    t = rng.randrange(len(r["topologies"]))
    i = rng.randrange(len(snaps))
    cas = r["topologies"][t]["gradient"][i]["cascades"][0]
    huge = rng.choice([10**9, 10**12, 2**62])
    choices = [
        ("onset beyond epochs", lambda: r.__setitem__("onsetEpoch", snaps[-1] + rng.randint(1, 10**9))),
        ("negative onset", lambda: r.__setitem__("onsetEpoch", -rng.randint(1, 10**6))),
        ("negative loss", lambda: r["loss"].__setitem__(i, -rng.random() - 1e-9)),
        ("NaN loss", lambda: r["loss"].__setitem__(i, float("nan"))),
        ("infinite loss", lambda: r["loss"].__setitem__(i, float("inf"))),
        ("accuracy above 1", lambda: r["accuracy"].__setitem__(i, 1 + rng.random() + 1e-9)),
        ("accuracy 1e308", lambda: r["accuracy"].__setitem__(i, 1e308)),
        ("negative gini", lambda: r["gini"].__setitem__(i, -rng.random() - 1e-9)),
        ("short loss", lambda: r["loss"].pop()),
        ("long accuracy", lambda: r["accuracy"].append(0.5)),
        ("short gini", lambda: r["gini"].pop(0)),
        ("snapshot moved", lambda: snaps.__setitem__(i, snaps[i] + rng.randint(1, 7))),
        ("snapshot dropped", lambda: (snaps.pop(), r["loss"].pop(), r["accuracy"].pop(), r["gini"].pop())),
        ("parameter count", lambda: r.__setitem__("parameterCount", r["parameterCount"] + rng.choice([-1, 1, huge]))),
        ("other width", lambda: r["task"].__setitem__("width", r["task"]["width"] + rng.randint(1, 5))),
        ("other seed", lambda: r["task"].__setitem__("seedIndex", r["task"]["seedIndex"] + rng.randint(1, 5))),
        ("topology dropped", lambda: r["topologies"].pop(t)),
        ("topology renamed", lambda: r["topologies"][t].__setitem__("topology", "hex")),
        ("topology twice", lambda: r["topologies"].append(r["topologies"][t])),
        ("gradient field dropped", lambda: r["topologies"][t]["gradient"].pop(i)),
        ("control field added", lambda: r["topologies"][t]["control"].append(r["topologies"][t]["gradient"][i])),
        ("negative size", lambda: cas.__setitem__("size", -rng.randint(1, huge))),
        ("huge size", lambda: cas.__setitem__("size", 2**45 + rng.randint(0, 2**50))),
        ("extent above size", lambda: cas.__setitem__("extent", cas["size"] + rng.randint(1, 9))),
        ("extent above N", lambda: (cas.__setitem__("size", n_params * 3), cas.__setitem__("extent", n_params + rng.randint(1, 9)))),
        ("zero extent", lambda: cas.__setitem__("extent", 0)),
        ("duration above size", lambda: cas.__setitem__("duration", cas["size"] + rng.randint(1, 9))),
        ("second global cascade", lambda: r["topologies"][t]["gradient"][i]["cascades"].append(dict(cas))),
        ("error with cascades", lambda: r["topologies"][t]["gradient"][i].__setitem__("error", "boom")),
        ("huge error text", lambda: r["topologies"][t]["gradient"][i].update({"cascades": [], "error": "x" * 5000})),
        ("missing key", lambda: r.pop(rng.choice(["loss", "gini", "task", "snapshotEpochs", "topologies"]))),
        ("wrong type", lambda: r.__setitem__("parameterCount", str(r["parameterCount"]))),
        ("integer overflow", lambda: cas.__setitem__("size", 10**30)),
        ("string for a list", lambda: r.__setitem__("accuracy", "0.75")),
        ("truncated record", lambda: r.__setitem__("__truncate__", rng.random())),
        ("trailing bytes", lambda: r.__setitem__("__trailing__", rng.randint(1, 9))),
    ]
    name, action = rng.choice(choices)
    action()
    return name, r


def run_mutate(ctx, args):
    s = connect(ctx, args, args.name)
    ready(s, args.name)
    leases = []
    while not leases:
        m = recv(s, 10000)
        if m is None:
            raise SystemExit("no TASK within 10 s")
        if m[0] == "TASK":
            leases.append(m[1])
    lease = leases[0]
    base = valid_result(lease["task"], lease["config"])
    rng = random.Random(args.seed)
    refused, accepted, codes, kinds = 0, 0, {}, {}
    for k in range(args.count):
        kind, body = mutate(base, rng, base["parameterCount"])
        kinds[kind] = kinds.get(kind, 0) + 1
        truncate, trailing = body.pop("__truncate__", None), body.pop("__trailing__", None)
        try:
            raw = record(body)
            if truncate is not None:
                raw = raw[:int(truncate * (len(raw) - 1))]
            if trailing is not None:
                raw += bytes(trailing)
            # Every other mutation also goes as JSON (the body earlier builds send), so both decoders are attacked.
            as_json = truncate is None and trailing is None and k % 2 == 1
        except (TypeError, KeyError, ValueError):
            as_json = True  # no binary form (a missing key, a wrong type): the JSON body carries it
        if as_json:
            s.send_multipart(frames("RESULT", {"lease": lease["lease"], "task": lease["task"],
                                               "config_hash": lease["config_hash"], "result": body}))
        else:
            s.send_multipart(result_frames(lease["lease"], lease["task"], lease["config_hash"], None, raw=raw))
        while True:
            m = recv(s, 10000)
            if m is None:
                raise SystemExit(f"no answer to mutation {k} ({kind})")
            if m[0] == "TASK":
                leases.append(m[1])
                continue
            if m[0] in ("HEARTBEAT",):
                continue
            if m[0] == "REFUSE":
                refused += 1
                codes[m[1]["code"]] = codes.get(m[1]["code"], 0) + 1
            else:
                accepted += 1
            break
    s.send_multipart(frames("DISCONNECT", {"reason": "done mutating", "handed_back": [l["task"] for l in leases]}))
    time.sleep(0.2)
    print(json.dumps({"sent": args.count, "refused": refused, "accepted": accepted, "codes": codes, "kinds": kinds}))


def run_mismatch(ctx, args):
    s = connect(ctx, args, args.name)
    ready(s, args.name)
    failures, deadline = 0, time.time() + args.duration
    while time.time() < deadline:
        m = recv(s, 200)
        if m is None:
            s.send_multipart(frames("HEARTBEAT", {}))
            continue
        kind, body = m
        if kind == "TASK":
            failures += 1
            s.send_multipart(frames("FAILURE", {"lease": body["lease"], "task": body["task"], "config_hash": body["config_hash"],
                                                "error": "this build computes configuration hash 0000…", "code": "config_hash"}))
        elif kind == "REFUSE" and body["code"] == "quarantined":
            print(json.dumps({"quarantined": True, "failures_sent": failures}))
            return
    print(json.dumps({"quarantined": False, "failures_sent": failures}))


def serve_leases(ctx, args, on_task, slots=None, host=None, poll_ms=50):
    """Serves leases like a worker until DONE, REFUSE quarantined or --duration: heartbeats every
    0.2 s, re-announces on unknown_worker, and hands each TASK body to `on_task(s, body)`.
    Returns what it saw: leases, ACKs, refusals by code, and the quarantine reason if any."""
    slots = args.slots if slots is None else slots
    s = connect(ctx, args, args.name)
    ready(s, args.name, slots, host)
    seen = {"leases": [], "acks": 0, "refusals": {}, "quarantined": False}
    last, deadline = time.time(), time.time() + args.duration
    while time.time() < deadline:
        m = recv(s, poll_ms)
        if time.time() - last > 0.2:
            s.send_multipart(frames("HEARTBEAT", {}))
            last = time.time()
        if m is None:
            continue
        kind, body = m
        if kind == "TASK":
            seen["leases"].append({"lease": body["lease"], "task": body["task"]})
            on_task(s, body)
        elif kind == "ACK":
            seen["acks"] += 1
        elif kind == "REFUSE":
            seen["refusals"][body["code"]] = seen["refusals"].get(body["code"], 0) + 1
            if body["code"] == "quarantined":
                seen.update(quarantined=True, reason=body["reason"])
                break
            if body["code"] == "unknown_worker":
                ready(s, args.name, slots, host)
        elif kind == "DONE":
            break
    return seen


def run_forge(ctx, args, slots=1, answer=True):
    """Serves leases like a worker; `answer`: send forged results (else hoard them)."""
    def forge(s, body):
        if answer:
            s.send_multipart(result_frames(body["lease"], body["task"], body["config_hash"], valid_result(body["task"], body["config"])))
    seen = serve_leases(ctx, args, forge, slots=slots, poll_ms=100)
    print(json.dumps({"leases": seen["leases"], "sent": len(seen["leases"]) if answer else 0, "refusals": seen["refusals"]}))


def run_blackhole(ctx, args):
    """A host with a broken library: answers FAILURE to every TASK at once (an ordinary failure,
    no code), so it would win every race for work; stops when quarantined or DONE."""
    def fail(s, body):
        s.send_multipart(frames("FAILURE", {"lease": body["lease"], "task": body["task"], "config_hash": body["config_hash"],
                                            "error": "libgrok.so: cannot open shared object file"}))
    seen = serve_leases(ctx, args, fail, host=args.host)
    print(json.dumps({"quarantined": seen["quarantined"], "reason": seen.get("reason"), "failures_sent": len(seen["leases"]), "refusals": seen["refusals"]}))


def run_extreme(ctx, args):
    """Results well-formed and finite but physically impossible for the task: each must be refused."""
    rng = random.Random(args.seed)

    def extreme(s, body):
        r = valid_result(body["task"], body["config"])
        # Each choice is finite yet impossible for the task: it must be refused, never committed.
        field = rng.choice(["loss", "loss", "accuracy", "size"])
        if field == "size":
            r["topologies"][0]["gradient"][0]["cascades"][0]["size"] = 2**45
        elif field == "loss":
            r["loss"] = [rng.choice([1e308, 1e300, 1.7976931348623157e308])] * len(r["loss"])
        else:
            r["accuracy"][0] = rng.choice([1 - 1e-16, 0.123456789])  # off the test set's k/n grid
        s.send_multipart(result_frames(body["lease"], body["task"], body["config_hash"], r))
    seen = serve_leases(ctx, args, extreme, host=args.host)
    print(json.dumps({"sent": len(seen["leases"]), "accepted": seen["acks"], "refusals": seen["refusals"]}))


def run_vanish(ctx, args):
    rng = random.Random(args.seed)
    for k in range(args.count):
        s = connect(ctx, args, f"ghost-{k}")
        ready(s, f"ghost-{k}")
        # Some leave at once, some after the coordinator may have leased them something.
        time.sleep(rng.choice([0, 0, 0.001, 0.005, 0.02]))
        s.close(linger=0 if rng.random() < 0.5 else 50)
    print(json.dumps({"vanished": args.count}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--mode", required=True, choices=["mutate", "forge", "hoard", "mismatch", "vanish", "blackhole", "extreme"])
    p.add_argument("--name", default="peer")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--duration", type=float, default=60)
    p.add_argument("--slots", type=int, default=4)
    p.add_argument("--host", help="the host name sent in READY (default: peer-NAME)")
    p.add_argument("--secret-key")
    p.add_argument("--public-key")
    p.add_argument("--server-key")
    args = p.parse_args()
    ctx = zmq.Context()
    {"mutate": run_mutate, "forge": run_forge, "hoard": lambda c, a: run_forge(c, a, slots=4096, answer=False),
     "mismatch": run_mismatch, "vanish": run_vanish, "blackhole": run_blackhole, "extreme": run_extreme}[args.mode](ctx, args)
    sys.stdout.flush()
    ctx.destroy(linger=0)


if __name__ == "__main__":
    main()

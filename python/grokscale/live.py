"""The live client of ``grokscale serve`` (protocol: Sources/GrokServe/SERVE.md).

A background thread owns the ZeroMQ socket; the training loop only puts fields into a bounded
queue (:meth:`LiveClient.submit` never blocks: when the queue is full the field is dropped and
counted). Up to ``window`` fields are in flight. A request unanswered for ``timeout`` seconds is
resent, then after 2, 4, … up to 16 timeouts; when the service has been silent for ``timeout``
the thread opens a fresh socket and resends everything in flight. Every request carries this
client's token and its id, and the service answers a resend from its reply cache: a slow report is
built once however often it is asked for, and a resent field is filed once.
"""

import collections
import itertools
import json
import queue
import threading
import time
import uuid

import numpy as np

PROTOCOL = "grokscale-serve/1"


class ProtocolVersionError(RuntimeError):
    """The service speaks another protocol version than this client."""


class ServeRequestError(RuntimeError):
    def __init__(self, reply):
        super().__init__("%s: %s" % (reply.get("code"), reply.get("message")))
        self.code = reply.get("code")
        self.reply = reply


def _key(value):
    """A Z85 key given as text, or a key file as `grokscale keygen` writes it."""
    if value is None:
        return None
    text = str(value)
    if len(text) != 40:
        with open(text) as f:
            lines = [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]
        if len(lines) != 1 or len(lines[0]) != 40:
            raise ValueError("%s is not a key file written by grokscale keygen" % text)
        text = lines[0]
    return text.encode("ascii")


class LiveClient:
    def __init__(self, endpoint, queue_size=256, window=16, timeout=2.0, server_key=None, public_key=None, secret_key=None,
                 protocol=PROTOCOL, keep_results=True, on_result=None, hello=True):
        import zmq  # pyzmq: pip install pyzmq (or pip install './python[live]')
        self._zmq = zmq
        self.endpoint = endpoint
        self.window = int(window)
        self.timeout = float(timeout)
        self.protocol = protocol
        self.keep_results = keep_results
        self.on_result = on_result
        self._curve = (_key(server_key), _key(public_key), _key(secret_key))
        if self._curve[0] is not None and None in self._curve:
            raise ValueError("CURVE needs server_key, public_key and secret_key (files from grokscale keygen)")
        self._queue = queue.Queue(maxsize=int(queue_size))
        self._control = queue.Queue()
        self._ids = itertools.count(1)
        self.client_token = uuid.uuid4().hex    # with each request's id, names it across resends
        self._cond = threading.Condition()
        self._results = {}
        self._fatal = None
        self._stop = threading.Event()
        self._in_flight = 0
        self._outstanding = 0       # requests accepted and not yet answered (or given up): flush waits for 0
        self.stats = collections.Counter(submitted=0, dropped=0, sent=0, replied=0, errors=0, reconnects=0, resent=0, duplicates=0)
        self._thread = threading.Thread(target=self._loop, name="grokscale-live-client", daemon=True)
        self._thread.start()
        self.server = self.hello() if hello else None

    # ---- training-loop side -------------------------------------------------------------
    def submit(self, field, run=None, size=None, step=None, onset=None, loss=None, accuracy=None):
        """Queues one field (copied as little-endian float32). Returns its request id, or None
        when the queue was full (the field is dropped and counted in ``stats['dropped']``).
        With ``run`` and ``step`` the field joins the service's ensemble."""
        self._raise_fatal()
        data = np.ascontiguousarray(np.asarray(field).reshape(-1), dtype="<f4").tobytes()
        request_id = next(self._ids)
        header = {"protocol": self.protocol, "type": "probe", "client": self.client_token, "id": request_id, "N": len(data) // 4, "dtype": "float32"}
        if run is not None:
            header.update(run=str(run), step=None if step is None else int(step))
            if size is not None:
                header["size"] = int(size)
            if onset is not None:
                header["onset"] = int(onset)
            for k, v in (("loss", loss), ("accuracy", accuracy)):
                if v is not None and np.isfinite(v):
                    header[k] = float(v)
        with self._cond:
            self._outstanding += 1
        try:
            self._queue.put_nowait((request_id, [json.dumps(header).encode(), data]))
        except queue.Full:
            with self._cond:
                self._outstanding -= 1
                self.stats["dropped"] += 1
            return None
        with self._cond:
            self.stats["submitted"] += 1
        return request_id

    def result(self, request_id, timeout=None):
        """The reply to a submitted field (a dict; see :meth:`cascades`), waiting if needed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while request_id not in self._results:
                self._raise_fatal()
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError("no reply to request %d within %s s" % (request_id, timeout))
                self._cond.wait(0.05 if left is None else min(left, 0.05))
            return self._results[request_id]

    def probe(self, field, timeout=30.0):
        """Probes one field and waits for its reply (raises on a refused field)."""
        request_id = self.submit(field)
        if request_id is None:
            raise RuntimeError("the client queue is full")
        reply = self.result(request_id, timeout)
        if reply.get("type") == "error":
            raise ServeRequestError(reply)
        return reply

    @staticmethod
    def cascades(reply, topology=None):
        """(k, 3) int64 array of (size, extent, duration) from a reply, for one topology."""
        tops = reply["topologies"]
        entry = tops[topology] if topology is not None else next(iter(tops.values()))
        if entry.get("error"):
            raise ServeRequestError({"code": "field", "message": entry["error"]})
        return np.array(entry["cascades"], dtype=np.int64).reshape(-1, 3)

    def flush(self, timeout=60.0):
        """Waits until every queued field has its reply."""
        deadline = time.monotonic() + timeout
        while True:
            self._raise_fatal()
            with self._cond:
                if self._outstanding == 0:
                    return
            if time.monotonic() > deadline:
                raise TimeoutError("flush: %d queued, %d in flight after %s s" % (self._queue.qsize(), self._in_flight, timeout))
            time.sleep(0.01)

    # ---- service requests ---------------------------------------------------------------
    def hello(self, timeout=None):
        return self._request({"type": "hello"}, timeout)

    def ensemble(self, timeout=None):
        """The service's running ensemble: its runs and D(step) (``reply['D_step']``)."""
        return self._request({"type": "ensemble"}, timeout)

    def report(self, timeout=None):
        """Asks the service to write its ensemble report; returns the path and D(step)."""
        return self._request({"type": "report"}, timeout or max(60.0, self.timeout))

    def set_onset(self, run, onset, wait=True):
        header = {"type": "onset", "run": str(run), "onset": None if onset is None else int(onset)}
        if wait:
            return self._request(header)
        self._queue_control(header)

    def _queue_control(self, header):
        # Every request carries this client's token and its own id: the service recognises a
        # resend and answers it from its reply cache instead of computing it again.
        request_id = next(self._ids)
        holder = {"event": threading.Event()}
        frames = [json.dumps(dict(header, protocol=self.protocol, client=self.client_token, id=request_id)).encode()]
        with self._cond:
            self._outstanding += 1
        self._control.put((request_id, frames, holder))
        return holder

    def _request(self, header, timeout=None):
        holder = self._queue_control(header)
        # Resent (with back-off) until answered: wait a few timeouts.
        if not holder["event"].wait(timeout if timeout is not None else 5 * self.timeout):
            holder["cancelled"] = True
            self._raise_fatal()
            raise TimeoutError("no reply from %s to %s" % (self.endpoint, header["type"]))
        reply = holder["reply"]
        if reply.get("type") == "error":
            if reply.get("code") == "protocol_version":
                raise ProtocolVersionError(reply.get("message"))
            raise ServeRequestError(reply)
        return reply

    def close(self, flush=True, timeout=60.0):
        try:
            if flush and self._fatal is None:
                self.flush(timeout)
        finally:
            self._stop.set()
            self._thread.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close(flush=exc[0] is None)

    def _raise_fatal(self):
        if self._fatal is not None:
            raise self._fatal

    # ---- the socket thread --------------------------------------------------------------
    def _connect(self):
        zmq = self._zmq
        s = self._context.socket(zmq.DEALER)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.SNDHWM, 10000)
        s.setsockopt(zmq.RCVHWM, 10000)
        server, public, secret = self._curve
        if server is not None:
            s.curve_serverkey, s.curve_publickey, s.curve_secretkey = server, public, secret
        s.connect(self.endpoint)
        return s

    def _loop(self):
        zmq = self._zmq
        self._context = zmq.Context()
        sock = self._connect()
        fields = collections.OrderedDict()      # id -> _Flight (probes; at most `window`)
        controls = collections.OrderedDict()    # id -> _Flight (hello, onset, ensemble, report)
        last_heard = time.monotonic()
        try:
            while not self._stop.is_set():
                while len(fields) < self.window:
                    try:
                        request_id, frames = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    fields[request_id] = _Flight(frames, None, self.timeout)
                    with self._cond:             # before flush() can see the queue empty
                        self._in_flight = len(fields) + len(controls)
                    self._send(sock, frames)
                while True:
                    try:
                        request_id, frames, holder = self._control.get_nowait()
                    except queue.Empty:
                        break
                    controls[request_id] = _Flight(frames, holder, self.timeout)
                    with self._cond:
                        self._in_flight = len(fields) + len(controls)
                    self._send(sock, frames)
                for request_id in [i for i, f in controls.items() if f.holder.get("cancelled")]:
                    del controls[request_id]     # the caller gave up: stop resending it
                    with self._cond:
                        self._outstanding -= 1
                with self._cond:
                    self._in_flight = len(fields) + len(controls)
                if sock.poll(20, zmq.POLLIN):
                    while True:
                        try:
                            frames = sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        last_heard = time.monotonic()
                        self._handle(json.loads(frames[0]), fields, controls)
                        if self._fatal is not None:
                            return
                now = time.monotonic()
                due = [f for f in itertools.chain(fields.values(), controls.values()) if now - f.sent_at >= f.interval]
                if not due:
                    continue
                resend = due
                if now - last_heard >= self.timeout:
                    # Silence: the service may have restarted. A fresh socket, and everything in
                    # flight resent (replies to the old socket are lost).
                    sock.close(0)
                    sock = self._connect()
                    last_heard = now
                    resend = list(itertools.chain(fields.values(), controls.values()))
                    with self._cond:
                        self.stats["reconnects"] += 1
                with self._cond:
                    self.stats["resent"] += len(resend)
                for f in resend:
                    # The service answers a resend from its reply cache (same client and id), so
                    # resending is cheap for it; the back-off keeps a hung service from flooding.
                    f.sent_at, f.interval = now, min(2 * f.interval, 16 * self.timeout)
                    self._send(sock, f.frames)
        finally:
            sock.close(0)
            self._context.term()

    def _send(self, sock, frames):
        try:
            sock.send_multipart(frames, self._zmq.NOBLOCK)
            with self._cond:
                self.stats["sent"] += 1
        except self._zmq.Again:
            pass  # resent after the timeout

    def _handle(self, reply, fields, controls):
        kind, request_id = reply.get("type"), reply.get("id")
        if reply.get("protocol") != self.protocol or (kind == "error" and reply.get("code") == "protocol_version"):
            self._fatal = ProtocolVersionError(reply.get("message") or "the service speaks %s; this client %s" % (reply.get("protocol"), self.protocol))
            for f in controls.values():
                f.holder["reply"] = reply
                f.holder["event"].set()
            with self._cond:
                self._cond.notify_all()
            return
        if request_id is not None and request_id in fields:
            del fields[request_id]
            with self._cond:
                self._outstanding -= 1
                self._in_flight = len(fields) + len(controls)
                self.stats["replied"] += 1
                if kind == "error":
                    self.stats["errors"] += 1
                if self.keep_results:
                    self._results[request_id] = reply
                self._cond.notify_all()
            if self.on_result is not None:
                self.on_result(reply)
            return
        if request_id is None and kind != "cascades" and controls:
            # A service that does not echo ids answers control requests in order.
            request_id = next(iter(controls))
        if request_id is not None and request_id in controls:
            f = controls.pop(request_id)
            f.holder["reply"] = reply
            f.holder["event"].set()
            with self._cond:
                self._outstanding -= 1
                self._in_flight = len(fields) + len(controls)
            return
        with self._cond:
            self.stats["duplicates"] += 1


class _Flight:
    """One request in flight: its frames, the caller's holder (control requests), when it was last
    sent and how long to wait before resending it."""
    __slots__ = ("frames", "holder", "sent_at", "interval")

    def __init__(self, frames, holder, interval):
        self.frames, self.holder, self.sent_at, self.interval = frames, holder, time.monotonic(), interval

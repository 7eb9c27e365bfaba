"""The live client of ``grokscale serve`` (protocol: Sources/GrokServe/SERVE.md).

A background thread owns the ZeroMQ socket; the training loop only puts fields into a bounded
queue (:meth:`LiveClient.submit` never blocks: when the queue is full the field is dropped and
counted). Up to ``window`` fields are in flight; a request unanswered for ``timeout`` seconds
makes the thread reconnect and resend everything in flight (the service files a field by
(run, step), so a resent field replaces itself and nothing is counted twice).
"""

import collections
import itertools
import json
import queue
import threading
import time

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
        self._cond = threading.Condition()
        self._results = {}
        self._fatal = None
        self._stop = threading.Event()
        self._in_flight = 0
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
        header = {"protocol": self.protocol, "type": "probe", "id": request_id, "N": len(data) // 4, "dtype": "float32"}
        if run is not None:
            header.update(run=str(run), step=None if step is None else int(step))
            if size is not None:
                header["size"] = int(size)
            if onset is not None:
                header["onset"] = int(onset)
            for k, v in (("loss", loss), ("accuracy", accuracy)):
                if v is not None and np.isfinite(v):
                    header[k] = float(v)
        try:
            self._queue.put_nowait((request_id, [json.dumps(header).encode(), data]))
        except queue.Full:
            with self._cond:
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
                if self._queue.empty() and self._in_flight == 0:
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
        self._control.put((dict(header, protocol=self.protocol), {"event": threading.Event()}))

    def _request(self, header, timeout=None):
        holder = {"event": threading.Event()}
        self._control.put((dict(header, protocol=self.protocol), holder))
        # Control requests are resent on reconnect like fields: wait a few timeouts.
        if not holder["event"].wait(timeout if timeout is not None else 5 * self.timeout):
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
        in_flight = collections.OrderedDict()   # id -> frames
        sent_at = {}
        control = None                          # (frames, holder, sent_at)
        try:
            while not self._stop.is_set():
                while len(in_flight) < self.window:
                    try:
                        request_id, frames = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    in_flight[request_id] = frames
                    sent_at[request_id] = time.monotonic()
                    with self._cond:
                        self._in_flight = len(in_flight)
                    self._send(sock, frames)
                if control is None:
                    try:
                        header, holder = self._control.get_nowait()
                        control = ([json.dumps(header).encode()], holder, time.monotonic())
                        self._send(sock, control[0])
                    except queue.Empty:
                        pass
                if sock.poll(20, zmq.POLLIN):
                    while True:
                        try:
                            frames = sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        control = self._handle(json.loads(frames[0]), in_flight, sent_at, control)
                        if self._fatal is not None:
                            return
                now = time.monotonic()
                oldest = min([sent_at[i] for i in in_flight] + ([control[2]] if control else []), default=now)
                if now - oldest > self.timeout:
                    # No answer: the service may have restarted. A fresh socket, everything resent.
                    sock.close(0)
                    sock = self._connect()
                    with self._cond:
                        self.stats["reconnects"] += 1
                        self.stats["resent"] += len(in_flight)
                    for request_id, frames in in_flight.items():
                        sent_at[request_id] = now
                        self._send(sock, frames)
                    if control is not None:
                        control = (control[0], control[1], now)
                        self._send(sock, control[0])
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

    def _handle(self, reply, in_flight, sent_at, control):
        kind, request_id = reply.get("type"), reply.get("id")
        if reply.get("protocol") != self.protocol or (kind == "error" and reply.get("code") == "protocol_version"):
            self._fatal = ProtocolVersionError(reply.get("message") or "the service speaks %s; this client %s" % (reply.get("protocol"), self.protocol))
            if control is not None:
                control[1]["reply"] = reply
                control[1]["event"].set()
            with self._cond:
                self._cond.notify_all()
            return None
        if kind == "cascades" or (kind == "error" and request_id is not None and request_id in in_flight):
            if request_id not in in_flight:
                with self._cond:
                    self.stats["duplicates"] += 1
                return control
            del in_flight[request_id]
            sent_at.pop(request_id, None)
            with self._cond:
                self._in_flight = len(in_flight)
                self.stats["replied"] += 1
                if kind == "error":
                    self.stats["errors"] += 1
                if self.keep_results:
                    self._results[request_id] = reply
                self._cond.notify_all()
            if self.on_result is not None:
                self.on_result(reply)
            return control
        if kind == "error" and request_id is not None:
            with self._cond:
                self.stats["duplicates"] += 1
            return control
        if control is not None:
            control[1]["reply"] = reply
            control[1]["event"].set()
        return None

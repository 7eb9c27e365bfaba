"""The run folder `grokscale fit` reads: ``<folder>/<run_id>/`` holds

- ``manifest.json``: the run's header (format, run id, N, size, onset, loss and accuracy names,
  parameter order, skipped parameters), rewritten only when one of these changes (the first
  snapshot, the onset, a newly skipped parameter) — never per snapshot;
- ``snapshots.jsonl``: one JSON line per snapshot (step, file, loss, accuracy), appended;
- one ``step-<step>.npy`` (1-D float32, N values) per snapshot.

So a snapshot costs the same at step 10 as at step 10⁶ (the old format rewrote the whole
snapshot list each time: quadratic over a run). Files are written under a temporary name and
renamed; a snapshot's .npy is in place before its line is appended, and the first line before
the header that makes the run visible, so a reader (``fit --watch``) never sees a line naming a
missing file. A line is appended with one write; a reader ignores a last line without its newline
(a write in progress, or a crash mid-write, which the next writer truncates).

Runs recorded in the old format (``grokscale-run/1``, snapshots inside manifest.json) are still
read, by this module and by ``grokscale fit``; continuing one converts it.
"""

import json
import math
import os
import re

import numpy as np

MANIFEST_FORMAT = "grokscale-run/2"
OLD_FORMAT = "grokscale-run/1"
SNAPSHOTS_FILE = "snapshots.jsonl"
_RUN_ID = re.compile(r"^[A-Za-z0-9._-]+$")
_STEP_FILE = re.compile(r"^step-(-?\d+)\.npy$")


def _atomic_write(path, write):
    # Rename only, no fsync: readers never see half a file; after a power cut the last snapshot
    # may be lost, which costs a point of D(step), not a wrong one (fsync tripled the overhead).
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, path)


def _number(x):
    """JSON has no NaN: a missing or non-finite metric is written as null."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _read_lines(path):
    """The complete lines of a snapshots.jsonl (a last line without its newline is not yet written)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")[:-1]   # the piece after the last newline is incomplete (or empty)
    out = []
    for k, line in enumerate(lines):
        try:
            out.append(json.loads(line))
        except ValueError as e:
            raise ValueError("%s line %d is not a snapshot entry (%s); remove that line" % (path, k + 1, e)) from None
    return out


def read_manifest(path):
    """A run's manifest as one dict with its ``snapshots`` list, in either format. ``path`` is
    the run's folder or its manifest.json."""
    path = os.fspath(path)
    if os.path.isdir(path):
        path = os.path.join(path, "manifest.json")
    with open(path) as f:
        manifest = json.load(f)
    if manifest.get("format") == MANIFEST_FORMAT:
        manifest["snapshots"] = _read_lines(os.path.join(os.path.dirname(path), manifest.get("snapshots_file", SNAPSHOTS_FILE)))
    return manifest


class RunWriter:
    """Writes one run: its snapshots, its snapshot index and its header.

    ``size`` is the label the report shows as the run's width (e.g. the hidden width); runs of
    one size are that size's seeds. ``parameters`` is the parameter order as
    ``[(name, shape), ...]``; ``skipped`` names parameters left out (no gradient).
    ``loss_name`` / ``accuracy_name`` (e.g. "cross-entropy", "test accuracy") label the report.

    An existing run folder is continued (same run id, N and size) unless ``overwrite=True``
    (its snapshots are deleted and the run recorded anew) or ``resume_from=step`` (restarting from
    a checkpoint at ``step``: snapshots from that step on are dropped, earlier ones kept).
    """

    def __init__(self, folder, run_id, size=None, overwrite=False, resume_from=None, loss_name=None, accuracy_name=None):
        if not _RUN_ID.match(str(run_id)):
            raise ValueError("run_id %r: use letters, digits, '.', '_' or '-' (it names a folder)" % (run_id,))
        if size is not None and int(size) <= 0:
            raise ValueError("size = %r: use a positive size label" % (size,))
        if overwrite and resume_from is not None:
            raise ValueError("pass overwrite=True (record the run anew) or resume_from=step (continue from a checkpoint), not both")
        self.folder = os.fspath(folder)
        self.run_id = str(run_id)
        self.path = os.path.join(self.folder, self.run_id)
        self.manifest_path = os.path.join(self.path, "manifest.json")
        self.lines_path = os.path.join(self.path, SNAPSHOTS_FILE)
        os.makedirs(self.path, exist_ok=True)
        if overwrite:
            self._remove_run_files()
        header_dirty = False
        if os.path.exists(self.manifest_path):
            self.manifest = read_manifest(self.manifest_path)
            if self.manifest.get("format") not in (MANIFEST_FORMAT, OLD_FORMAT) or self.manifest.get("run_id") != self.run_id:
                raise ValueError("%s belongs to another run or format; pick another run_id or folder" % self.manifest_path)
            if size is not None and self.manifest.get("size") not in (None, int(size)):
                raise ValueError("run %s was recorded with size %s, not %s: pass overwrite=True to record it anew"
                                 % (self.run_id, self.manifest.get("size"), size))
            header_dirty = self.manifest["format"] == OLD_FORMAT   # converted on the next write
            self.manifest["format"] = MANIFEST_FORMAT
        else:
            self.manifest = {
                "format": MANIFEST_FORMAT, "run_id": self.run_id, "N": None,
                "size": None if size is None else int(size), "onset": None,
                "loss_name": None, "accuracy_name": None,
                "parameters": [], "skipped_parameters": [], "snapshots_file": SNAPSHOTS_FILE,
            }
        self.snapshots = self.manifest.pop("snapshots", [])
        self.manifest["snapshots_file"] = SNAPSHOTS_FILE
        for key, value in (("loss_name", loss_name), ("accuracy_name", accuracy_name)):
            if value is not None and self.manifest.get(key) != str(value):
                self.manifest[key] = str(value)
                header_dirty = True
        if resume_from is not None:
            header_dirty |= self._drop_from(int(resume_from))
        self._steps = {s["step"] for s in self.snapshots}
        self._fd = None
        self._header_on_disk = os.path.exists(self.manifest_path)
        if header_dirty:
            if self.snapshots:
                self._rewrite_lines()
                self._save()
            else:
                # Nothing left (resumed before the first snapshot): the run is invisible until its
                # first snapshot, as a new one.
                for path in (self.manifest_path, self.lines_path):
                    if os.path.exists(path):
                        os.remove(path)
                self._header_on_disk = False

    @property
    def N(self):
        return self.manifest["N"]

    def _remove_run_files(self):
        # Only what a RunWriter writes; anything else the user keeps there stays.
        for name in os.listdir(self.path):
            if name in ("manifest.json", SNAPSHOTS_FILE) or _STEP_FILE.match(name) or ".tmp-" in name:
                os.remove(os.path.join(self.path, name))

    def _drop_from(self, step):
        """Forgets the snapshots at ``step`` and later (and an onset there or later)."""
        keep = [s for s in self.snapshots if s["step"] < step]
        dropped = [s for s in self.snapshots if s["step"] >= step]
        for s in dropped:
            try:
                os.remove(os.path.join(self.path, s["file"]))
            except FileNotFoundError:
                pass
        self.snapshots = keep
        changed = bool(dropped)
        if self.manifest.get("onset") is not None and self.manifest["onset"] >= step:
            self.manifest["onset"] = None
            changed = True
        return changed

    def set_parameters(self, parameters, skipped=()):
        """Fixes the parameter order (first snapshot); later calls must agree with it. Returns
        whether the header changed."""
        params = [{"name": str(n), "shape": [int(d) for d in shape], "size": int(np.prod(shape, dtype=np.int64))} for n, shape in parameters]
        if self.manifest["parameters"] and [p["name"] for p in params] != [p["name"] for p in self.manifest["parameters"]]:
            old = [p["name"] for p in self.manifest["parameters"]]
            new = [p["name"] for p in params]
            raise ValueError("run %s: the parameters with gradients changed (were %s, now %s); N must stay the same within a run"
                             % (self.run_id, sorted(set(old) - set(new)) or old, sorted(set(new) - set(old)) or new))
        if self.manifest["N"] is not None and sum(p["size"] for p in params) != self.manifest["N"]:
            raise ValueError("run %s has N = %d; these parameters have %d entries" % (self.run_id, self.manifest["N"], sum(p["size"] for p in params)))
        skipped_all = sorted(set(self.manifest["skipped_parameters"]) | set(map(str, skipped)))
        changed = params != self.manifest["parameters"] or skipped_all != self.manifest["skipped_parameters"]
        self.manifest["parameters"] = params
        self.manifest["skipped_parameters"] = skipped_all
        return changed

    def write(self, step, field, loss=None, accuracy=None, parameters=None, skipped=()):
        """Saves one snapshot (a 1-D float32 array of N values) and appends its index line.
        Every check runs first: a refused snapshot changes nothing on disk or in memory."""
        step = int(step)
        field = np.ascontiguousarray(field)
        if field.dtype != np.float32 or field.ndim != 1:
            raise ValueError("a snapshot is a 1-D float32 array; got %s of shape %s" % (field.dtype, field.shape))
        if self.manifest["N"] is None:
            if field.size < 2:
                raise ValueError("a field needs at least 2 entries, found %d" % field.size)
        elif field.size != self.manifest["N"]:
            raise ValueError("run %s has N = %d; this field has %d values: record every snapshot of a run from the same parameters"
                             % (self.run_id, self.manifest["N"], field.size))
        if step in self._steps:
            raise ValueError("run %s already has step %d (in %s): pass overwrite=True to record the run anew, or "
                             "resume_from=<step> to continue from a checkpoint (snapshots from that step on are replaced)"
                             % (self.run_id, step, self.path))
        header_changed = self.set_parameters(parameters, skipped) if parameters is not None else False
        if self.manifest["N"] is None:
            self.manifest["N"] = int(field.size)
            header_changed = True
        name = "step-%010d.npy" % step
        _atomic_write(os.path.join(self.path, name), lambda f: np.save(f, field))
        entry = {"step": step, "file": name, "loss": _number(loss), "accuracy": _number(accuracy)}
        self._append(entry)
        self.snapshots.append(entry)
        self._steps.add(step)
        if header_changed or not self._header_on_disk:
            self._save()

    def set_onset(self, step):
        """The run's onset (e.g. first step with test accuracy >= 0.99); None: not reached."""
        onset = None if step is None else int(step)
        if onset == self.manifest["onset"]:
            return
        self.manifest["onset"] = onset
        if self._header_on_disk:   # otherwise the first snapshot writes the header with it
            self._save()

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def _append(self, entry):
        if self._fd is None:
            self._fd = os.open(self.lines_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            self._truncate_partial_line()
        # One write of a whole line: a reader sees it all or (without its newline) ignores it.
        os.write(self._fd, (json.dumps(entry, allow_nan=False) + "\n").encode())

    def _truncate_partial_line(self):
        size = os.fstat(self._fd).st_size
        if size == 0:
            return
        with open(self.lines_path, "rb") as f:
            data = f.read()
        if not data.endswith(b"\n"):
            os.ftruncate(self._fd, data.rfind(b"\n") + 1)   # a crash mid-write left half a line

    def _rewrite_lines(self):
        self.close()
        text = "".join(json.dumps(s, allow_nan=False) + "\n" for s in self.snapshots).encode()
        _atomic_write(self.lines_path, lambda f: f.write(text))

    def _save(self):
        text = json.dumps(self.manifest, indent=1, allow_nan=False).encode()
        _atomic_write(self.manifest_path, lambda f: f.write(text))
        self._header_on_disk = True

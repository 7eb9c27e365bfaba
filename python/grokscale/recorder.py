"""Gradient recorders: the raw gradient, never modified, as one float32 field on the CPU.

A field is the concatenation of every parameter's gradient flattened in C order, in a fixed
parameter order (the manifest's ``parameters``). Parameters without a gradient (``.grad`` is
None: frozen, or unused in this step) are skipped and counted, never filled with zeros. The
gradient is copied (detached, cast to float32, moved to the CPU); the tensors training uses are
not touched, so recording changes nothing in training.
"""

import time

import numpy as np

from .manifest import RunWriter


def flatten_gradients(named_arrays):
    """[(name, array or None)] → (float32 field, [(name, shape)], [skipped names]).

    Arrays may be numpy arrays or anything ``numpy.asarray`` accepts (a JAX array on the CPU).
    The cast to float32 is exact for float32, float16 and bfloat16 gradients; float64 is
    rounded to nearest.
    """
    parts, params, skipped = [], [], []
    for name, array in named_arrays:
        if array is None:
            skipped.append(name)
            continue
        a = np.asarray(array)
        if a.dtype != np.float32:
            a = a.astype(np.float32)
        parts.append(a.reshape(-1))
        params.append((name, tuple(a.shape)))
    if not parts:
        raise ValueError("no parameter has a gradient (all %d skipped): call backward() before recording" % len(skipped))
    return np.concatenate(parts), params, skipped


class Recorder:
    """Records fields of one run: into a run folder for ``grokscale fit`` (``folder``), to a
    ``grokscale serve`` (``client``, a :class:`grokscale.LiveClient`), or both.

    ``every``: only steps that are multiples of it are recorded (``snapshot`` returns None for the
    others, before touching the gradient). ``onset_threshold`` (0.99 unless given; None: off):
    with ``accuracy`` passed to each snapshot, the first step whose accuracy is >= the threshold
    becomes the run's onset, unless :meth:`set_onset` sets it. ``loss_name`` / ``accuracy_name``
    label the report (e.g. "cross-entropy", "test accuracy"). An existing run folder is continued;
    ``overwrite=True`` records the run anew, ``resume_from=step`` continues from a checkpoint at
    that step (earlier snapshots kept, later ones replaced). ``overhead_seconds`` / ``snapshots``
    measure what recording costs the training loop.
    """

    def __init__(self, folder=None, run_id="run", size=None, client=None, onset_threshold=0.99, every=1,
                 overwrite=False, resume_from=None, loss_name=None, accuracy_name=None):
        if folder is None and client is None:
            raise ValueError("pass folder= (for grokscale fit), client= (for grokscale serve), or both")
        if int(every) < 1:
            raise ValueError("every = %r: record every n-th step with n >= 1" % (every,))
        if onset_threshold is not None and not 0 < float(onset_threshold) <= 1:
            raise ValueError("onset_threshold = %r: an accuracy in (0, 1], or None for no automatic onset" % (onset_threshold,))
        self.writer = RunWriter(folder, run_id, size=size, overwrite=overwrite, resume_from=resume_from,
                                loss_name=loss_name, accuracy_name=accuracy_name) if folder is not None else None
        self.client = client
        self.run_id = str(run_id)
        self.size = size
        self.onset_threshold = onset_threshold
        self.every = int(every)
        self.start_step = 0 if resume_from is None else int(resume_from)
        self.onset = self.writer.manifest["onset"] if self.writer else None
        self.skipped = 0            # parameters skipped (no gradient), summed over snapshots
        self.skipped_names = set()
        self.snapshots = 0
        self.overhead_seconds = 0.0
        self.dropped = 0            # fields the live client could not queue

    def record(self, step, named_arrays, loss=None, accuracy=None):
        """Records one snapshot from [(name, gradient or None)]; returns the field, or None when
        ``step`` is not a multiple of ``every``."""
        if not self.due(step):
            return None
        started = time.perf_counter()
        field, params, skipped = flatten_gradients(named_arrays)
        self.skipped += len(skipped)
        self.skipped_names.update(skipped)
        step = int(step)
        loss = None if loss is None else float(loss)             # a 0-d tensor or array works too
        accuracy = None if accuracy is None else float(accuracy)
        if self.onset is None and self.onset_threshold is not None and accuracy is not None and float(accuracy) >= self.onset_threshold:
            self.set_onset(step)
        if self.writer is not None:
            self.writer.write(step, field, loss=loss, accuracy=accuracy, parameters=params, skipped=skipped)
        if self.client is not None:
            if not self.client.submit(field, run=self.run_id, size=self.size, step=step, onset=self.onset, loss=loss, accuracy=accuracy):
                self.dropped += 1
        self.snapshots += 1
        self.overhead_seconds += time.perf_counter() - started
        return field

    def due(self, step):
        return int(step) % self.every == 0

    def set_onset(self, step):
        self.onset = None if step is None else int(step)
        if self.writer is not None:
            self.writer.set_onset(self.onset)
        if self.client is not None and self.onset is not None:
            self.client.set_onset(self.run_id, self.onset, wait=False)

    def close(self):
        """Closes the run's snapshot index (also done when the recorder is collected)."""
        if self.writer is not None:
            self.writer.close()


class TorchRecorder(Recorder):
    """PyTorch: ``snapshot(model, step, loss=, accuracy=)`` after ``loss.backward()``, or
    ``attach(model, optimizer, metrics=)`` once, which records just before every ``every``-th
    ``optimizer.step()`` (an optimizer step pre-hook: the gradient as backward left it, before
    the update)."""

    def snapshot(self, model, step, loss=None, accuracy=None):
        if not self.due(step):
            return None          # before copying the gradient: a skipped step costs nothing
        return self.record(step, self._named(model), loss=loss, accuracy=accuracy)

    @staticmethod
    def _named(model):
        out = []
        for name, p in model.named_parameters():
            g = p.grad
            # detach + float32 + cpu make a copy when needed; numpy() then shares that copy
            # (or the CPU float32 grad itself, which concatenate copies): p.grad is never written.
            out.append((name, None if g is None else g.detach().to(device="cpu", dtype=_torch().float32).numpy()))
        return out

    def attach(self, model, optimizer, metrics=None, start_step=None):
        """Registers the hook once; returns its handle (``.remove()`` detaches it).

        ``metrics`` is called at each recorded step and returns ``(loss, accuracy)`` (floats, or
        None for one not known) or a dict with ``loss`` and ``accuracy``: without them the run has
        no loss curve, no accuracy and no onset, and ``fit`` cannot tell which runs grokked.
        ``metrics=False`` records gradients only, knowingly. Steps count optimizer steps from
        ``start_step`` (default: ``resume_from``, else 0).
        """
        if metrics is None:
            raise ValueError(
                "attach() needs metrics=: a function returning (loss, accuracy) for the step being recorded, "
                "e.g. metrics=lambda: (last_loss, evaluate(model)); without them no loss, accuracy or onset is recorded "
                "and grokscale fit cannot tell which runs grokked (D_pre, D_post and D(tau) need onsets). "
                "Pass metrics=False to record gradients only")
        if metrics is not False and not callable(metrics):
            raise ValueError("metrics = %r: pass a function returning (loss, accuracy), or False" % (metrics,))
        self._step = self.start_step if start_step is None else int(start_step)

        def hook(opt, args, kwargs):
            if self.due(self._step):
                loss, accuracy = _metrics(metrics()) if metrics is not False else (None, None)
                self.snapshot(model, self._step, loss=loss, accuracy=accuracy)
            self._step += 1

        return optimizer.register_step_pre_hook(hook)


def _metrics(value):
    """(loss, accuracy) from what a metrics function returned."""
    if isinstance(value, dict):
        unknown = set(value) - {"loss", "accuracy"}
        if unknown:
            raise ValueError("metrics() returned keys %s; use 'loss' and 'accuracy'" % sorted(unknown))
        return value.get("loss"), value.get("accuracy")
    try:
        loss, accuracy = value
    except (TypeError, ValueError):
        raise ValueError("metrics() returned %r; return (loss, accuracy) or {'loss': ..., 'accuracy': ...}" % (value,)) from None
    return loss, accuracy


def _torch():
    import torch
    return torch


class JaxRecorder(Recorder):
    """JAX: ``snapshot(grads, step)`` with the gradient pytree of ``jax.grad`` (any pytree of
    arrays; None leaves are skipped). Parameter order is the pytree's flattening order and names
    are its key paths."""

    def snapshot(self, grads, step, loss=None, accuracy=None):
        if not self.due(step):
            return None          # before copying the gradient off the device
        import jax
        leaves, _ = jax.tree_util.tree_flatten_with_path(grads, is_leaf=lambda x: x is None)
        named = [(jax.tree_util.keystr(path), None if leaf is None else np.asarray(jax.device_get(leaf))) for path, leaf in leaves]
        return self.record(step, named, loss=loss, accuracy=accuracy)

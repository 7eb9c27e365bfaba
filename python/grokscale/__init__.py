"""grokscale from Python: record gradient snapshots of your own training (PyTorch or JAX),
fit D(step) across model sizes with ``grokscale fit``, or stream fields to ``grokscale serve``.

Only numpy is required; pyzmq for :class:`LiveClient`, pandas for :func:`read_report`,
torch or jax for their recorders (imported only when used).
"""

from .manifest import MANIFEST_FORMAT, RunWriter, read_manifest
from .recorder import Recorder, TorchRecorder, JaxRecorder, flatten_gradients
from .cli import GrokscaleError, binary, probe, fit, read_report
from .live import LiveClient, ProtocolVersionError, PROTOCOL

__all__ = [
    "MANIFEST_FORMAT", "RunWriter", "read_manifest",
    "Recorder", "TorchRecorder", "JaxRecorder", "flatten_gradients",
    "GrokscaleError", "binary", "probe", "fit", "read_report",
    "LiveClient", "ProtocolVersionError", "PROTOCOL",
]
__version__ = "0.1.0"

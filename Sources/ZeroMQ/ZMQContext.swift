import CZeroMQ
import Foundation

/// A libzmq context: the I/O threads and the namespace of `inproc://` endpoints.
///
/// Thread-safe (libzmq guarantees it for contexts), so it may be shared between threads; sockets may
/// not. Every `ZMQSocket` keeps its context alive, so the final `zmq_ctx_term` (run by `deinit`)
/// happens only after all sockets made from it are gone and never waits on an open socket; it waits
/// at most for the longest `linger` of messages still queued (sockets start with linger 0).
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var isShutDown = false

    /// Creates a context with `ioThreads` background I/O threads (1 suffices below ~1 GB/s).
    public init(ioThreads: Int = 1) throws {
        guard let h = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        if ioThreads != 1, zmq_ctx_set(h, ZMQ_IO_THREADS, Int32(clamping: ioThreads)) != 0 {
            let error = ZMQError.last("zmq_ctx_set(ZMQ_IO_THREADS, \(ioThreads))")
            zmq_ctx_term(h)
            throw error
        }
        handle = h
    }

    /// Shuts the context down without blocking (`zmq_ctx_shutdown`): every blocking call on any of its
    /// sockets, on any thread, returns `ETERM` at once, and later calls (new sockets included) fail
    /// with `ETERM`. Owners of sockets should then close them. Idempotent; safe from any thread.
    public func terminate() {
        lock.lock()
        defer { lock.unlock() }
        if isShutDown { return }
        isShutDown = true
        zmq_ctx_shutdown(handle)
    }

    /// True once `terminate()` was called.
    public var isTerminated: Bool {
        lock.lock()
        defer { lock.unlock() }
        return isShutDown
    }

    deinit {
        // No socket can be open here (each holds a strong reference), so this cannot deadlock.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

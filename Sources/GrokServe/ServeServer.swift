import Foundation
import Logging
import Synchronization
import ZeroMQ

/// The live probe service: a ROUTER socket answering SERVE.md's requests. `run` blocks on the
/// calling thread (which owns the sockets) until `stop()`.
public final class ServeServer: Sendable {
    let options: ServeOptions
    let logger: Logger
    private let stopRequested = Atomic<Bool>(false)

    public init(options: ServeOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func stop() { stopRequested.store(true, ordering: .sequentiallyConsistent) }

    /// Binds, calls `ready` with the bound endpoint, serves until `stop()`, then writes the
    /// ensemble report if the ensemble changed since the last one.
    public func run(context: ZMQContext, ready: @Sendable (String) -> Void = { _ in }) throws {
        var loop = try ServeLoop(options: options, context: context, logger: logger)
        let endpoint = try loop.bind()
        ready(endpoint)
        try loop.run(stopRequested: stopRequested)
    }
}

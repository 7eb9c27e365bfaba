import Foundation

/// A ZAP authentication handler (RFC 27) running on its own thread for one context.
///
/// It binds a REP socket on `inproc://zeromq.zap.01` in the given context and answers each request
/// with the decision of `decide`, which runs on the handler's thread (keep it quick and non-blocking).
/// Malformed requests get status 500 and a line through `log`; the handler never stops on them.
///
/// libzmq consults ZAP only while this handler runs: with no handler bound, CURVE servers admit every
/// client key. Keep the handler alive as long as any CURVE server socket of the context is open.
///
/// The handler ends on `stop()` (from any thread), on `deinit`, or when the context is terminated.
/// All mutable state sits behind a lock, which is why it may be shared across threads.
public final class ZAPHandler: @unchecked Sendable {
    /// The inproc endpoint libzmq sends ZAP requests to.
    public static let endpoint = "inproc://zeromq.zap.01"
    /// How often the thread re-checks the stop flag even if the wake-up message is lost.
    static let pollMilliseconds = 100

    private let state: State
    private let context: ZMQContext

    /// Starts the handler thread and returns once its socket is bound. Throws the bind error, e.g.
    /// `EADDRINUSE` when the context already has a ZAP handler, or `ETERM` if it is terminated.
    public init(
        context: ZMQContext,
        log: @escaping @Sendable (String) -> Void = { _ in },
        decide: @escaping @Sendable (ZAPRequest) -> ZAPDecision
    ) throws {
        self.context = context
        let state = State(log: log, decide: decide)
        self.state = state
        state.controlEndpoint = "inproc://zap-handler-control.\(UInt(bitPattern: ObjectIdentifier(state).hashValue))"
        let thread = Thread { ZAPHandler.run(context: context, state: state) }
        thread.name = "zap-handler"
        state.thread = thread
        thread.start()
        if let error = state.waitForStart() { throw error }
    }

    deinit { stop() }

    /// True while the handler thread runs.
    public var isRunning: Bool { state.phase == .running }

    /// Stops the handler and waits up to `timeout` seconds for its thread to close its sockets.
    /// Idempotent; safe from any thread (from inside `decide` it only requests the stop). Returns
    /// whether the thread has ended (false only if `decide` is stuck in a call).
    @discardableResult
    public func stop(timeout: Double = 5) -> Bool {
        if !state.requestStop() { return true }
        if Thread.current === state.thread { return false }
        // Wake the poll at once; if this fails, the poll timeout still sees the flag.
        if let wake = try? ZMQSocket(context: context, type: .pair) {
            try? wake.connect(state.controlEndpoint)
            try? wake.send([[]], dontWait: true)
            wake.close()
        }
        return state.waitForExit(timeout: timeout)
    }

    private static func run(context: ZMQContext, state: State) {
        let rep: ZMQSocket, control: ZMQSocket
        do {
            rep = try ZMQSocket(context: context, type: .rep)
            try rep.bind(endpoint)
            control = try ZMQSocket(context: context, type: .pair)
            try control.bind(state.controlEndpoint)
        } catch {
            state.finishStart(error)
            state.markExited()
            return
        }
        state.finishStart(nil)
        var poller = ZMQPoller()
        let requests = poller.add(rep)
        let wake = poller.add(control)
        loop: while !state.stopRequested {
            do {
                let ready = try poller.poll(timeoutMilliseconds: pollMilliseconds)
                if ready[wake].contains(.readable) { break loop }
                guard ready[requests].contains(.readable), let frames = try rep.receive(dontWait: true) else { continue }
                try rep.send(state.answer(frames), dontWait: true)
            } catch let error as ZMQError where error.isInterrupted {
                continue
            } catch let error as ZMQError where error.isTerminated {
                break loop
            } catch {
                state.log("ZAP handler stopped: \(error)")
                break loop
            }
        }
        // zmq_close releases an inproc name only later, on libzmq's reaper thread; unbinding first
        // frees it now, so a new handler can bind as soon as stop() returns.
        try? rep.unbind(endpoint)
        try? control.unbind(state.controlEndpoint)
        rep.close()
        control.close()
        state.markExited()
    }

    /// The state shared by the handler object and its thread, guarded by `condition`.
    private final class State: @unchecked Sendable {
        enum Phase { case starting, running, exited }
        let log: @Sendable (String) -> Void
        let decide: @Sendable (ZAPRequest) -> ZAPDecision
        var controlEndpoint = ""  // written before the thread starts, then read-only
        var thread: Thread?  // written before the thread starts, then read-only
        private let condition = NSCondition()
        private var _phase = Phase.starting
        private var startError: Error?
        private var _stopRequested = false

        init(log: @escaping @Sendable (String) -> Void, decide: @escaping @Sendable (ZAPRequest) -> ZAPDecision) {
            self.log = log
            self.decide = decide
        }

        var phase: Phase { condition.lock(); defer { condition.unlock() }; return _phase }
        var stopRequested: Bool { condition.lock(); defer { condition.unlock() }; return _stopRequested }

        func finishStart(_ error: Error?) {
            condition.lock()
            startError = error
            if error == nil { _phase = .running }
            condition.broadcast()
            condition.unlock()
        }

        func waitForStart() -> Error? {
            condition.lock()
            defer { condition.unlock() }
            while _phase == .starting && startError == nil { condition.wait() }
            return startError
        }

        /// Sets the stop flag; false if the thread had already ended.
        func requestStop() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            _stopRequested = true
            return _phase != .exited
        }

        func markExited() {
            condition.lock()
            _phase = .exited
            condition.broadcast()
            condition.unlock()
        }

        func waitForExit(timeout: Double) -> Bool {
            let deadline = Date(timeIntervalSinceNow: timeout)
            condition.lock()
            defer { condition.unlock() }
            while _phase != .exited {
                if !condition.wait(until: deadline) { break }
            }
            return _phase == .exited
        }

        /// The reply frames for one request: 1.0, request id, status code, status text, user id, metadata.
        func answer(_ frames: [[UInt8]]) -> [[UInt8]] {
            func reply(_ id: [UInt8], _ code: String, _ text: String, _ user: String) -> [[UInt8]] {
                [Array("1.0".utf8), id, Array(code.utf8), Array(text.utf8), Array(user.utf8), []]
            }
            let request: ZAPRequest
            do {
                request = try ZAPRequest(frames: frames)
            } catch {
                log("ZAP: malformed request (\(error)); answered 500")
                return reply(frames.count > 1 ? frames[1] : [], "500", "malformed request: \(error)", "")
            }
            switch decide(request) {
            case .allow(let userID): return reply(request.requestID, "200", "OK", userID)
            case .deny(let reason): return reply(request.requestID, "400", reason, "")
            }
        }
    }
}

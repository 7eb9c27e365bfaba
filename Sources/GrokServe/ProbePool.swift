import Foundation
import GrokConfig
import GrokTasks
import GrokUserRuns
import Synchronization
import ZeroMQ

/// Probing threads of the service. The socket loop submits jobs; each thread probes with its
/// own ``FieldProber`` (shared graphs) and wakes the loop through an inproc PUSH socket, since
/// ZeroMQ sockets must stay on the thread that made them and probing must not block the loop.
final class ProbePool: Sendable {
    struct Job: Sendable {
        var identity: [UInt8]
        var key: RequestKey?
        var request: ProbeRequest
    }

    struct Done: Sendable {
        var identity: [UInt8]
        var key: RequestKey?
        var request: ProbeRequest
        var result: Result<[FieldCascades], ServeError>
    }

    private let jobs = Mutex<[Job]>([])
    private let done = Mutex<[Done]>([])
    private let available = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    let threads: Int

    init(threads: Int, config: SweepConfig, graphs: GraphCache, context: ZMQContext, wakeEndpoint: String) {
        self.threads = threads
        for k in 0..<threads {
            let thread = Thread { [self] in
                defer { exited.signal() }
                var prober = FieldProber(config: config, graphs: graphs)
                guard let wake = try? ZMQSocket(context: context, type: .push) else { return }
                defer { wake.close() }
                try? wake.connect(wakeEndpoint)
                while true {
                    available.wait()
                    if stopping.load(ordering: .relaxed) { return }
                    guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
                    let result: Result<[FieldCascades], ServeError>
                    do {
                        result = .success(try prober.probeAll(job.request.values))
                    } catch {
                        result = .failure(ServeError("bad_field", "\(error)", id: job.request.id))
                    }
                    done.withLock { $0.append(Done(identity: job.identity, key: job.key, request: job.request, result: result)) }
                    try? wake.send([[1]])
                }
            }
            thread.name = "grokscale-serve-probe-\(k)"
            thread.start()
        }
    }

    func submit(_ job: Job) {
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    /// Every finished job since the last call, in finishing order.
    func takeDone() -> [Done] {
        done.withLock { d in
            defer { d.removeAll() }; return d
        }
    }

    /// Stops the threads (queued jobs are dropped) and waits for them.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        for _ in 0..<threads { available.signal() }
        for _ in 0..<threads { exited.wait() }
    }
}

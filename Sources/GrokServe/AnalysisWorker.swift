import Foundation
import GrokConfig
import GrokUserRuns
import Synchronization
import ZeroMQ

/// The thread that answers `ensemble` and `report` from a copy of the ensemble state. A report
/// (bootstraps, plots, files) takes seconds; on the socket thread it held up every other client
/// (a `hello` timed out behind it). One job at a time, so two reports never write the same folder
/// at once; the loop coalesces requests that arrive meanwhile into the next job. Wakes the loop
/// through the same inproc PUSH endpoint as the ``ProbePool``.
final class AnalysisWorker: Sendable {
    enum Kind: Sendable, Hashable { case ensemble, report }

    enum Output: Sendable {
        case ensemble([(String, JSONValue)])
        case report(Result<EnsembleAnalysis.Written, ServeError>)
    }

    private let job = Mutex<(kind: Kind, state: EnsembleState)?>(nil)
    private let done = Mutex<[Output]>([])
    private let available = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)

    init(options: ServeOptions, graphs: GraphCache, context: ZMQContext, wakeEndpoint: String) {
        let thread = Thread { [self] in
            defer { exited.signal() }
            var prober = FieldProber(config: options.config, graphs: graphs)
            guard let wake = try? ZMQSocket(context: context, type: .push) else { return }
            defer { wake.close() }
            try? wake.connect(wakeEndpoint)
            while true {
                available.wait()
                if stopping.load(ordering: .relaxed) { return }
                guard
                    let (kind, state) = job.withLock({ j in
                        defer { j = nil }; return j
                    })
                else { continue }
                let output: Output
                switch kind {
                case .ensemble:
                    output = .ensemble(EnsembleAnalysis.ensemble(state, config: options.config))
                case .report:
                    do {
                        output = .report(.success(try EnsembleAnalysis.writeReport(state, options: options, prober: &prober)))
                    } catch let e as ServeError {
                        output = .report(.failure(e))
                    } catch {
                        output = .report(.failure(ServeError("report", "\(error)")))
                    }
                }
                done.withLock { $0.append(output) }
                try? wake.send([[2]])
            }
        }
        thread.name = "grokscale-serve-analysis"
        thread.start()
    }

    /// Starts a job; the caller runs one at a time (it waits for the job's output first).
    func start(_ kind: Kind, state: EnsembleState) {
        job.withLock { $0 = (kind, state) }
        available.signal()
    }

    /// Finished outputs since the last call.
    func takeDone() -> [Output] {
        done.withLock { d in
            defer { d.removeAll() }; return d
        }
    }

    /// Lets a running job finish (a half-written report folder is worse than a wait), then stops.
    func stop() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }  // stopped already
        available.signal()
        exited.wait()
    }
}

import Prometheus
import Synchronization

/// `/metrics`: the board's facts in Prometheus text format, through swift-prometheus. Counters
/// (`_total`) only ever go up within one coordinator process; gauges are set to the latest value.
public final class StatusMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let tasksDone: Counter
    private let tasksFailed: Counter
    private let duplicates: Counter
    private let workersLost: Counter
    private let tasks: Gauge
    private let leased: Gauge
    private let liveWorkers: Gauge
    private let quarantined: Gauge
    private let eta: Gauge
    private let rate: Gauge
    private let finished: Gauge
    /// The counters' last published values, to increment by the difference.
    private struct LastCounts { var done: Int64 = 0, failed: Int64 = 0, duplicates: Int64 = 0, lost: Int64 = 0 }
    private let last = Mutex(LastCounts())

    public init() {
        tasksDone = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "tasks_done", unitName: "total",
                helpText: "Tasks whose result is committed to the journal (this sweep, including earlier coordinator runs)."))
        tasksFailed = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "tasks_failed", unitName: "total", helpText: "Tasks that failed network.max_attempts times."))
        duplicates = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "duplicate_results", unitName: "total",
                helpText: "Results received again for a committed task (identical)."))
        workersLost = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "workers_lost", unitName: "total",
                helpText: "Workers presumed dead after missing their heartbeats."))
        tasks = registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "grokscale", metricName: "sweep_tasks", unitName: "", helpText: "Tasks in the sweep."))
        leased = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "tasks_leased", unitName: "", helpText: "Tasks leased to a worker right now."))
        liveWorkers = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "workers_live", unitName: "", helpText: "Workers heard from within the heartbeat liveness."))
        quarantined = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "workers_quarantined", unitName: "", helpText: "Workers quarantined by the coordinator."))
        eta = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "sweep_eta", unitName: "seconds",
                helpText: "Estimated seconds to the end of the sweep (NaN until a task has finished)."))
        rate = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "tasks", unitName: "per_second",
                helpText: "Tasks finished per second since this coordinator started."))
        finished = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "grokscale", metricName: "sweep_finished", unitName: "", helpText: "1 once every task is done or failed."))
    }

    /// The text exposition of `s`.
    public func text(_ s: StatusSnapshot) -> String {
        last.withLock { last in
            func advance(_ counter: Counter, _ previous: inout Int64, _ value: Int) {
                let v = Int64(value)
                if v > previous { counter.increment(by: v - previous); previous = v }
            }
            advance(tasksDone, &last.done, s.done)
            advance(tasksFailed, &last.failed, s.failed)
            advance(duplicates, &last.duplicates, s.duplicates)
            advance(workersLost, &last.lost, s.workersLost)
            tasks.set(to: Double(s.tasksTotal))
            leased.set(to: Double(s.leased))
            liveWorkers.set(to: Double(s.liveWorkers))
            quarantined.set(to: Double(s.quarantined.count))
            eta.set(to: s.etaSeconds ?? .nan)
            rate.set(to: s.tasksPerSecond ?? 0)
            finished.set(to: s.finished ? 1 : 0)
            // Per worker, labelled: the figures behind quarantine (a gauge each, set to the journal's count).
            for r in s.workers {
                let labels = [("worker", r.worker)]
                registry.makeGauge(name: "grokscale_worker_results", labels: labels, help: "Results committed from this worker.").set(
                    to: Double(r.results))
                registry.makeGauge(name: "grokscale_worker_failures", labels: labels, help: "FAILUREs this worker sent for tasks it held.").set(
                    to: Double(r.failures))
                registry.makeGauge(name: "grokscale_worker_invalid_results", labels: labels, help: "Results from this worker refused as invalid.")
                    .set(to: Double(r.invalidResults))
                registry.makeGauge(name: "grokscale_worker_quarantined", labels: labels, help: "1 when the coordinator quarantined this worker.").set(
                    to: r.quarantined == nil ? 0 : 1)
            }
            return String(decoding: registry.emitToBuffer(), as: UTF8.self)
        }
    }
}

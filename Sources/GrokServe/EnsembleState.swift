import GrokReportModel
import GrokTasks

/// The running ensemble of `serve`: every tagged field's cascades by (run, step), across runs of
/// several sizes. Pure state: no sockets, files or clocks. A field sent again for the same
/// (run, step) (a client resending after a reconnect) replaces the earlier one, so the state
/// depends only on what arrived, never on how often or in which order.
public struct EnsembleState: Sendable {
    public struct Entry: Sendable, Codable, Hashable {
        public var loss: Double?
        public var accuracy: Double?
        /// One per topology of the service, in its order.
        public var fields: [FieldCascades]
    }

    public struct Run: Sendable, Hashable {
        public var size: Int
        public var parameterCount: Int
        public var onset: Int?
        public var steps: [Int: Entry] = [:]
        /// The run's Gaussian control per topology, made when a report is written.
        public var control: [TopologyCascades]?
    }

    public let topologies: [String]
    public private(set) var runs: [String: Run] = [:]

    public init(topologies: [String]) { self.topologies = topologies }

    /// Files one probed field. Refuses (and records nothing) a run whose N or size would change.
    public mutating func record(_ tag: RunTag, parameterCount n: Int, fields: [FieldCascades]) throws(ServeError) {
        let size = tag.size ?? n
        if var run = runs[tag.run] {
            guard run.parameterCount == n else {
                throw ServeError(
                    "bad_field",
                    "run \(tag.run) has N = \(run.parameterCount); this field has \(n) values: send every field of a run from the same parameters, or give it another run id"
                )
            }
            guard run.size == size else {
                throw ServeError("bad_request", "run \(tag.run) has size \(run.size); this field says \(size)")
            }
            if let onset = tag.onset { run.onset = onset }
            run.steps[tag.step] = Entry(loss: tag.loss, accuracy: tag.accuracy, fields: fields)
            runs[tag.run] = run
        } else {
            if let (other, run) = runs.first(where: { $0.value.size == size && $0.value.parameterCount != n }) {
                throw ServeError(
                    "bad_field",
                    "size \(size) already has run \(other) with N = \(run.parameterCount); this field has \(n) values: one size label per model size")
            }
            var run = Run(size: size, parameterCount: n, onset: tag.onset)
            run.steps[tag.step] = Entry(loss: tag.loss, accuracy: tag.accuracy, fields: fields)
            runs[tag.run] = run
        }
    }

    public mutating func setOnset(run: String, onset: Int?) throws(ServeError) {
        guard runs[run] != nil else { throw ServeError("bad_request", "no run \(run) in the ensemble yet: send one of its fields first") }
        runs[run]!.onset = onset
    }

    public mutating func setControl(run: String, _ control: [TopologyCascades]) {
        runs[run]?.control = control
    }

    /// The runs without a control yet (sorted), for the report writer to make.
    public var runsWithoutControl: [String] { runs.filter { $0.value.control == nil }.map(\.key).sorted() }

    /// The ensemble as the runs `fit` would read from the same snapshots.
    public var userRuns: [UserRun] {
        runs.keys.sorted().map { id in
            let run = runs[id]!
            let steps = run.steps.keys.sorted()
            let entries = steps.map { run.steps[$0]! }
            let topologies = self.topologies.enumerated().map { t, name in
                TopologyCascades(topology: name, gradient: entries.map { $0.fields[t] }, control: run.control?[t].control ?? [])
            }
            return UserRun(
                runID: id, size: run.size, parameterCount: run.parameterCount, onsetStep: run.onset, steps: steps,
                loss: entries.map { $0.loss ?? .nan }, accuracy: entries.map { $0.accuracy ?? .nan }, topologies: topologies)
        }
    }

    public var fieldCount: Int { runs.values.reduce(0) { $0 + $1.steps.count } }
}

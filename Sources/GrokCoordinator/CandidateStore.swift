import Foundation
import GrokConfig
import GrokRunner
import GrokTasks

/// Results held for tasks that need more than one agreeing result (replication, spot checks),
/// keyed by task. Results agree when their bytes are equal or, for bytes laid out differently
/// (another worker implementation), when their canonical encodings are.
public struct CandidateStore {
    public struct Candidate {
        public var worker: String
        public var principal: String
        public var lease: Int
        /// The bytes to commit (as received when possible).
        public var bytes: Data
        public var result: TaskResult
        public init(worker: String, principal: String, lease: Int, bytes: Data, result: TaskResult) {
            self.worker = worker; self.principal = principal; self.lease = lease; self.bytes = bytes; self.result = result
        }
    }

    private var held: [SweepTask: [Candidate]] = [:]
    /// The sweep, for a non-deterministic program's tolerance (``ResultAgreement``).
    let config: SweepConfig

    public init(config: SweepConfig) { self.config = config }

    public func candidates(of task: SweepTask) -> [Candidate] { held[task] ?? [] }

    /// Adds a candidate (a principal's later candidate replaces its earlier one).
    public mutating func add(_ candidate: Candidate, task: SweepTask) {
        held[task, default: []].removeAll { $0.principal == candidate.principal }
        held[task, default: []].append(candidate)
    }

    public func agree(_ a: Candidate, _ b: Candidate) -> Bool {
        a.bytes == b.bytes || ResultAgreement.agree(a.result, b.result, config: config)
    }

    /// The largest group of agreeing results (first arrival first).
    public func bestGroup(of task: SweepTask) -> [Candidate]? {
        let all = candidates(of: task)
        var best: [Candidate]? = nil
        for c in all {
            let members = all.filter { agree($0, c) }
            if members.count > (best?.count ?? 0) { best = members }
        }
        return best
    }

    /// The held results grouped by agreement, each group its workers.
    public func groups(of task: SweepTask) -> [[Candidate]] {
        var groups: [[Candidate]] = []
        for c in candidates(of: task) {
            if let i = groups.firstIndex(where: { agree($0[0], c) }) { groups[i].append(c) } else { groups.append([c]) }
        }
        return groups
    }

    public mutating func remove(_ task: SweepTask) { held[task] = nil }

    /// What the held results of a task decide (pure: no journal, no socket).
    public enum Verdict {
        /// `agreeing` reached the required count: commit `representative` (a worker's copy when
        /// one agrees: it carries a worker's name and lease; the coordinator's own only vouches),
        /// acknowledge the rest of `agreeing`; `outvoted` are determinism faults.
        case commit(representative: Candidate, agreeing: [Candidate], outvoted: [Candidate])
        /// Not yet: `support` results agree so far. `disagreeing`: the workers of each group when
        /// the held results disagree (a determinism fault). `giveUp`: why agreement will not come
        /// (every principal answers once, and `required + maxAttempts` have answered).
        case wait(support: Int, disagreeing: [[String]]?, giveUp: String?)
    }

    /// The verdict on `task`, which needs `required` agreeing results; `contributors` principals
    /// have answered so far. nil: nothing is held.
    public func verdict(of task: SweepTask, required: Int, contributors: Int, maxAttempts: Int, localPrincipal: String) -> Verdict? {
        guard let best = bestGroup(of: task) else { return nil }
        let held = candidates(of: task)
        if best.count >= required {
            let representative = best.first { $0.principal != localPrincipal } ?? best[0]
            let outvoted = held.filter { other in !best.contains { $0.worker == other.worker } }
            return .commit(representative: representative, agreeing: best, outvoted: outvoted)
        }
        let groups = self.groups(of: task)
        let disagreeing = groups.count > 1 ? groups.map { $0.map(\.worker) } : nil
        let giveUp =
            contributors >= required + maxAttempts
            ? "no \(required) of \(held.count) results from distinct workers agree (workers \(held.map(\.worker).joined(separator: ", ")))" : nil
        return .wait(support: best.count, disagreeing: disagreeing, giveUp: giveUp)
    }
}

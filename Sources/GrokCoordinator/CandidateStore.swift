import Foundation
import GrokConfig
import GrokRunner
import GrokTasks

/// Results held for tasks that need more than one agreeing result (replication, spot checks),
/// keyed by task. Results agree when their bytes are equal or, for bytes laid out differently
/// (another worker implementation), when their canonical encodings are.
struct CandidateStore {
    struct Candidate {
        var worker: String
        var principal: String
        var lease: Int
        /// The bytes to commit (as received when possible).
        var bytes: Data
        var result: TaskResult
    }

    private var held: [SweepTask: [Candidate]] = [:]
    /// The sweep, for a non-deterministic program's tolerance (``ResultAgreement``).
    let config: SweepConfig

    init(config: SweepConfig) { self.config = config }

    func candidates(of task: SweepTask) -> [Candidate] { held[task] ?? [] }

    /// Adds a candidate (a principal's later candidate replaces its earlier one).
    mutating func add(_ candidate: Candidate, task: SweepTask) {
        held[task, default: []].removeAll { $0.principal == candidate.principal }
        held[task, default: []].append(candidate)
    }

    func agree(_ a: Candidate, _ b: Candidate) -> Bool {
        a.bytes == b.bytes || ResultAgreement.agree(a.result, b.result, config: config)
    }

    /// The largest group of agreeing results (first arrival first).
    func bestGroup(of task: SweepTask) -> [Candidate]? {
        let all = candidates(of: task)
        var best: [Candidate]? = nil
        for c in all {
            let members = all.filter { agree($0, c) }
            if members.count > (best?.count ?? 0) { best = members }
        }
        return best
    }

    /// The held results grouped by agreement, each group its workers.
    func groups(of task: SweepTask) -> [[Candidate]] {
        var groups: [[Candidate]] = []
        for c in candidates(of: task) {
            if let i = groups.firstIndex(where: { agree($0[0], c) }) { groups[i].append(c) } else { groups.append([c]) }
        }
        return groups
    }

    mutating func remove(_ task: SweepTask) { held[task] = nil }
}

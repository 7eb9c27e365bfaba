import Foundation

/// Results held for tasks that need more than one agreeing result (replication, spot checks),
/// keyed by task. Results agree when their canonical bytes are equal.
struct CandidateStore {
    struct Candidate {
        var worker: String
        var principal: String
        var lease: Int
        var bytes: Data
    }

    private var held: [String: [Candidate]] = [:]

    func candidates(of task: String) -> [Candidate] { held[task] ?? [] }

    /// Adds a candidate (a principal's later candidate replaces its earlier one).
    mutating func add(_ candidate: Candidate, task: String) {
        held[task, default: []].removeAll { $0.principal == candidate.principal }
        held[task, default: []].append(candidate)
    }

    /// The largest group of identical results: its bytes and members (first arrival first).
    func bestGroup(of task: String) -> (bytes: Data, members: [Candidate])? {
        let all = candidates(of: task)
        var best: (bytes: Data, members: [Candidate])? = nil
        for c in all where best?.bytes != c.bytes {
            let members = all.filter { $0.bytes == c.bytes }
            if members.count > (best?.members.count ?? 0) { best = (c.bytes, members) }
        }
        return best
    }

    /// True when some held results differ.
    func disagree(_ task: String) -> Bool { Set(candidates(of: task).map(\.bytes)).count > 1 }

    mutating func remove(_ task: String) { held[task] = nil }
}

import Foundation
import GrokConfig
import GrokCoordinator
import GrokTasks
import Testing

private let task = SweepTask(width: 20, seedIndex: 0)

/// A result whose only content is its onset: equal onsets, equal results.
private func candidate(_ worker: String, onset: Int, principal: String? = nil) -> CandidateStore.Candidate {
    let result = TaskResult(task: task, parameterCount: 81, onsetEpoch: onset, snapshotEpochs: [0], loss: [0.5], accuracy: [1], gini: [0.4], topologies: [])
    return CandidateStore.Candidate(worker: worker, principal: principal ?? "host:\(worker)", lease: 1, bytes: TaskResult.canonicalBytes(result), result: result)
}

private func verdict(_ store: CandidateStore, required: Int, contributors: Int? = nil) -> CandidateStore.Verdict? {
    store.verdict(of: task, required: required, contributors: contributors ?? store.candidates(of: task).count, maxAttempts: 2, localPrincipal: "coordinator")
}

@Suite("Verification decisions: agreement, outvoted results, disagreement and giving up, without sockets")
struct CandidateStoreTests {
    @Test("nothing held, nothing to decide; one of two required results waits with support 1")
    func waiting() {
        var store = CandidateStore(config: SweepConfig())
        #expect(verdict(store, required: 2) == nil)
        store.add(candidate("a", onset: 100), task: task)
        guard case .wait(let support, let disagreeing, let giveUp)? = verdict(store, required: 2) else { Issue.record("not waiting"); return }
        #expect(support == 1 && disagreeing == nil && giveUp == nil)
    }

    @Test("two agreeing of three: committed with a worker's copy as representative, the third is outvoted")
    func commitAndOutvote() {
        var store = CandidateStore(config: SweepConfig())
        store.add(candidate("coordinator", onset: 100, principal: "coordinator"), task: task)
        store.add(candidate("bad", onset: 999), task: task)
        store.add(candidate("b", onset: 100), task: task)
        guard case .commit(let representative, let agreeing, let outvoted)? = verdict(store, required: 2) else { Issue.record("not committed"); return }
        #expect(representative.worker == "b", "the coordinator's own recomputation only vouches")
        #expect(Set(agreeing.map(\.worker)) == ["coordinator", "b"])
        #expect(outvoted.map(\.worker) == ["bad"])
    }

    @Test("disagreeing results name every group's workers; after required + max_attempts principals, agreement is given up")
    func disagreementAndGiveUp() {
        var store = CandidateStore(config: SweepConfig())
        store.add(candidate("a", onset: 100), task: task)
        store.add(candidate("b", onset: 200), task: task)
        guard case .wait(_, let groups, let giveUp)? = verdict(store, required: 2) else { Issue.record("not waiting"); return }
        #expect(groups == [["a"], ["b"]] && giveUp == nil)
        store.add(candidate("c", onset: 300), task: task)
        store.add(candidate("d", onset: 400), task: task)
        guard case .wait(_, _, let reason)? = verdict(store, required: 2, contributors: 4) else { Issue.record("not waiting"); return }
        #expect(reason?.contains("no 2 of 4 results from distinct workers agree") == true)
    }

    @Test("a principal's later result replaces its earlier one: one principal never agrees with itself")
    func onePrincipalOneVote() {
        var store = CandidateStore(config: SweepConfig())
        store.add(candidate("a", onset: 100, principal: "host:h"), task: task)
        store.add(candidate("a2", onset: 100, principal: "host:h"), task: task)
        #expect(store.candidates(of: task).map(\.worker) == ["a2"])
        guard case .wait(let support, _, _)? = verdict(store, required: 2) else { Issue.record("committed with one principal"); return }
        #expect(support == 1)
    }
}

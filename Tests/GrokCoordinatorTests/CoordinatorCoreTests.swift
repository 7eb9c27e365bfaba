import Foundation
import GrokCoordinator
import GrokProtocol
import GrokTasks
import Testing

private func task(_ seed: Int, width: Int = 1) -> SweepTask { SweepTask(width: width, seedIndex: seed) }
private let limits = Scheduler.Limits(
    heartbeatInterval: 1, liveness: 3, leaseTimeout: 100, maxAttempts: 2, maxLosses: 4, maxLeasesPerWorker: 8, leaseFloor: 5, quarantineAfter: 3)

private func core(tasks: Int, done: Int = 0, resumed: Bool = false, grace: Double = 4) -> CoordinatorCore {
    let order = (0..<tasks).map { task($0) }
    return CoordinatorCore(
        scheduler: Scheduler(order: order, done: Set(order.prefix(done)), limits: limits), resumed: resumed, doneGraceSeconds: grace)
}

private func commit(_ t: SweepTask, worker: String = "w") -> Journal.Commit {
    Journal.Commit(task: t, result: Data([1, 2, 3]), worker: worker, host: "h", lease: 1)
}

private extension [CoordinatorCore.Effect] {
    var leases: [Scheduler.Lease] { compactMap { if case .lease(let l) = $0 { l } else { nil } } }
    var heartbeats: [String] { compactMap { if case .heartbeat(let w) = $0 { w } else { nil } } }
    func has(_ effect: CoordinatorCore.Effect) -> Bool { contains(effect) }
}

@Suite("Coordinator core: every timed decision with controlled time, no sockets")
struct CoordinatorCoreTests {
    @Test("a turn leases pending work, and heartbeats only workers not sent anything for an interval (a TASK counts)")
    func leasesAndHeartbeats() {
        var c = core(tasks: 1)
        c.scheduler.register(worker: "a", host: "h", slots: 1, now: 0)
        c.scheduler.register(worker: "idle", host: "h", slots: 1, now: 0)
        _ = c.scheduler.quarantine(worker: "idle", reason: "test")  // never leased: it only hears heartbeats
        let first = c.tick(now: 1)
        #expect(first.leases.map(\.worker) == ["a"])
        #expect(first.heartbeats == ["idle"], "a got TASK this turn: no heartbeat beside it")
        c.sent(to: "a", at: 1)
        c.sent(to: "idle", at: 1)
        c.scheduler.touch(worker: "a", now: 1.5)
        #expect(c.tick(now: 1.5).heartbeats.isEmpty)
        #expect(c.tick(now: 2.0).heartbeats == ["a", "idle"])
    }

    @Test("a silent worker is lost once (its lease goes to another in the same turn); after the end, silence is leaving")
    func silentWorker() {
        var c = core(tasks: 1)
        c.scheduler.register(worker: "a", host: "h", slots: 1, now: 0)
        #expect(c.tick(now: 0).leases.first?.worker == "a")
        c.scheduler.register(worker: "b", host: "h", slots: 1, now: 2.9)
        let turn = c.tick(now: 3.1)
        #expect(turn.has(.workerLost("a")))
        #expect(turn.leases.map(\.worker) == ["b"])
        #expect(c.ending.workersLost == 1 && c.ending.workersMayReturn)
        c.scheduler.resultReceived(task: task(0), worker: "b", now: 3.2)
        c.scheduler.markDone(task: task(0))
        #expect(c.tick(now: 3.3).has(.finish))
        #expect(c.tick(now: 6.4).has(.workerLeft("b")))
        #expect(c.ending.workersLost == 1, "leaving after DONE is not a loss")
    }

    @Test("silence and lease deadlines are scanned every expiryScanPeriod, not every turn")
    func expiryScanPeriod() {
        var c = core(tasks: 1)
        c.scheduler.register(worker: "a", host: "h", slots: 1, now: 0)
        _ = c.tick(now: 2.99)
        #expect(!c.tick(now: 3.01).has(.workerLost("a")), "the scan at 2.99 covers until 3.04")
        #expect(c.tick(now: 2.99 + CoordinatorCore.expiryScanPeriod).has(.workerLost("a")))
    }

    @Test("an expired lease is named, and leased again")
    func leaseExpiry() {
        let short = Scheduler.Limits(heartbeatInterval: 1, liveness: 1000, leaseTimeout: 10, maxAttempts: 2, leaseFloor: 10)
        var c = CoordinatorCore(scheduler: Scheduler(order: [task(0)], done: [], limits: short), resumed: false, doneGraceSeconds: 1)
        c.scheduler.register(worker: "a", host: "h", slots: 1, now: 0)
        #expect(c.tick(now: 0).leases.count == 1)
        c.scheduler.touch(worker: "a", now: 11)
        let turn = c.tick(now: 11)
        #expect(turn.has(.leaseExpired(task(0))))
        #expect(turn.leases.map(\.task) == [task(0)])
    }

    @Test("group commit: due a window after the first queued item, at once at the batch size, forced at the end; ACKs leave only with their batch")
    func groupCommit() {
        var q = CommitQueue()
        #expect(q.dueIn(now: 0) == nil && !q.isDue(now: 100, force: true), "nothing queued, nothing due")
        q.add(commit(task(0)), acknowledging: [("w", AckBody(lease: 1, task: task(0).key, status: .accepted))], now: 1)
        q.add(leases: [(id: 2, task: task(1).key, worker: "w", host: "h")], now: 1.1)
        #expect(q.queuedBytes(of: task(0)) == Data([1, 2, 3]))
        #expect(!q.isDue(now: 1 + CommitQueue.window - 0.01))
        #expect(q.isDue(now: 1 + CommitQueue.window), "the window runs from the oldest item")
        #expect(q.isDue(now: 1.01, force: true))
        let batch = q.take()
        #expect(batch.results.count == 1 && batch.leases.count == 1 && batch.acks.map { $0.worker } == ["w"])
        #expect(q.since == nil && q.queuedBytes(of: task(0)) == nil && q.take().isEmpty)
        for i in 0..<CommitQueue.batch { q.add(commit(task(i)), acknowledging: [], now: 5) }
        #expect(q.isFull && q.isDue(now: 5), "a full batch commits at once, inside a burst too")
    }

    @Test("the turn that finishes the sweep commits (forced) before it asks for DONE and the report; finish comes once")
    func finishCommitsFirst() {
        var c = core(tasks: 1)
        c.scheduler.register(worker: "a", host: "h", slots: 1, now: 0)
        _ = c.tick(now: 0)
        c.commits.add(commit(task(0)), acknowledging: [], now: 0.1)
        c.scheduler.resultReceived(task: task(0), worker: "a", now: 0.1)
        c.scheduler.markDone(task: task(0))
        let turn = c.tick(now: 0.11)
        let commitAt = turn.firstIndex(of: .commit), finishAt = turn.firstIndex(of: .finish)
        #expect(commitAt != nil && finishAt != nil && commitAt! < finishAt!)
        #expect(c.ending.finishedAt == 0.11)
        #expect(!c.tick(now: 0.2).has(.finish))
    }

    @Test("after the end: stop at the grace, or as soon as every worker left when none may return")
    func doneGrace() {
        var c = core(tasks: 1, done: 1, grace: 4)
        c.scheduler.register(worker: "a", host: "h", slots: 1, now: 0)
        #expect(c.tick(now: 1).has(.finish))
        c.scheduler.touch(worker: "a", now: 4.9)
        #expect(!c.tick(now: 4.9).has(.stop), "a connected worker holds the coordinator for the grace")
        #expect(c.tick(now: 5).has(.stop))
        var alone = core(tasks: 1, done: 1, grace: 4)
        #expect(alone.tick(now: 1).has(.finish))
        #expect(!alone.tick(now: 1.01).has(.stop))
        #expect(alone.tick(now: 1 + SweepEnding.goodbyeSettle).has(.stop), "nobody connected, nobody may return")
    }

    @Test("a resumed coordinator waits at least a liveness period and a reconnect back-off for workers that may come back")
    func resumedWaits() {
        var c = core(tasks: 1, done: 1, resumed: true, grace: 1)
        #expect(c.tick(now: 0).has(.finish))
        let wait = limits.silenceAllowed + WorkerReconnect.maxBackoff + 2
        #expect(c.ending.doneGrace == wait)
        #expect(!c.tick(now: wait - 0.01).has(.stop))
        #expect(c.tick(now: wait).has(.stop))
    }

    @Test("a task that used all its attempts is reported failed for good, once, and the sweep then finishes")
    func failedForGood() {
        var c = core(tasks: 1)
        c.scheduler.register(worker: "a", host: "h1", slots: 1, now: 0)
        var failed: [CoordinatorCore.Effect] = [], finished = false
        var t = 0.0
        while t < 100, !finished {
            c.scheduler.touch(worker: "a", now: t)
            let turn = c.tick(now: t)
            failed += turn.filter { if case .failedForGood = $0 { true } else { false } }
            finished = turn.has(.finish)
            for lease in turn.leases { c.scheduler.fail(task: lease.task, worker: "a", error: "boom", now: t) }
            t += 1
        }
        #expect(finished)
        #expect(failed == [.failedForGood(task: task(0), error: "boom", attempts: limits.maxAttempts)])
    }

    @Test("a black hole that failed alone is quarantined in the first turn after another worker joins")
    func blackHoleQuarantinedWhenHelpArrives() {
        var c = core(tasks: 8)
        c.scheduler.register(worker: "bh", host: "bad", slots: 4, now: 0)
        var t = 0.0
        for _ in 0..<20 {  // turns of 0.1 s: less than the retry delay
            t += 0.1
            c.scheduler.touch(worker: "bh", now: t)
            for lease in c.tick(now: t).leases { c.scheduler.fail(task: lease.task, worker: "bh", error: "nan", now: t) }
        }
        #expect(!c.scheduler.isQuarantined("bh"), "the last worker able to compute is never quarantined")
        c.scheduler.register(worker: "honest", host: "good", slots: 1, now: t)
        let turn = c.tick(now: t)
        #expect(turn.contains { if case .quarantine(let q) = $0 { q.worker == "bh" } else { false } })
        #expect(!turn.leases.isEmpty && turn.leases.allSatisfy { $0.worker == "honest" })
    }

    @Test("idle capacity: slot-seconds with a free slot while tasks wait, over all slot-seconds after the first lease")
    func idleAccounting() {
        var c = core(tasks: 10)
        c.scheduler.register(worker: "a", host: "h", slots: 3, now: 0)
        let leases = c.tick(now: 0).leases
        #expect(leases.count == 4, "three slots and one prefetched")
        c.scheduler.fail(task: leases[0].task, worker: "a", error: "oom", now: 0)  // on probation: one lease at a time
        _ = c.tick(now: 1)  // holds 3 leases of 3 slots: none idle
        #expect(c.idle.starvedFraction == 0)
        c.scheduler.fail(task: leases[1].task, worker: "a", error: "oom", now: 1)
        c.scheduler.fail(task: leases[2].task, worker: "a", error: "oom", now: 1)
        #expect(c.tick(now: 2).leases.isEmpty)  // holds 1: two slots idle for a second while tasks wait
        #expect(c.idle.starvedFraction == 2.0 / 6.0)
    }

    @Test("the poll timeout is the next decision: half a heartbeat, at most 0.25 s, sooner when a commit is due")
    func pollTimeout() {
        var c = core(tasks: 1)
        #expect(c.nextDecisionIn(now: 0) == 0.25)
        c.commits.add(commit(task(0)), acknowledging: [], now: 0)
        #expect(abs(c.nextDecisionIn(now: 0.2) - 0.05) < 1e-12)
    }
}

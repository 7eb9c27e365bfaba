import Testing
import GrokCoordinator

private let limits = Scheduler.Limits(heartbeatInterval: 1, liveness: 3, leaseTimeout: 100, maxAttempts: 3, maxLosses: 4, maxLeasesPerWorker: 8, leaseFloor: 5)

@Suite("Scheduler: leases, liveness, attempts and losses, without sockets")
struct SchedulerTests {
    @Test("tasks go out in hand-out order, at most slots + prefetch per worker, workers in turn")
    func assignment() {
        var s = Scheduler(order: ["a", "b", "c", "d", "e", "f", "g"], done: ["b"], limits: limits)
        s.register(worker: "w1", host: "h", slots: 2, now: 0)
        s.register(worker: "w2", host: "h", slots: 1, now: 0)
        let leases = s.assign(now: 0)
        #expect(Scheduler.prefetch == 1)
        #expect(leases.map(\.task) == ["a", "c", "d", "e", "f"])
        #expect(leases.map(\.worker) == ["w1", "w2", "w1", "w2", "w1"])
        #expect(Set(leases.map(\.id)).count == 5)
        #expect(s.status(of: "g") == .pending)
        #expect(s.assign(now: 0).isEmpty)
        #expect(s.status(of: "b") == .done)
    }

    @Test("a worker silent for liveness × interval is dropped; its started task is leased to another, as a loss, not an attempt")
    func silentWorkerLosesItsLease() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        #expect(s.assign(now: 0).first?.worker == "w1")
        s.touch(worker: "w1", now: 0.5)  // heard from after the lease: it had started
        s.register(worker: "w2", host: "h", slots: 1, now: 2.5)
        #expect(s.expire(now: 3.4).deadWorkers.isEmpty)
        let (dead, _) = s.expire(now: 3.6)
        #expect(dead == ["w1"])
        #expect(s.status(of: "a") == .pending)
        #expect(s.assign(now: 3.6).first?.worker == "w2")
        #expect(s.attempts(of: "a") == 0)
        #expect(s.losses(of: "a") == 1)
    }

    @Test("prefetched leases and leases never followed by a word from the worker are not charged when it is lost")
    func prefetchedNotCharged() {
        var s = Scheduler(order: ["a", "b"], done: [], limits: limits)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        #expect(s.assign(now: 0).map(\.task) == ["a", "b"])  // b is prefetched
        s.touch(worker: "w", now: 1)
        s.remove(worker: "w", reason: "was killed")
        #expect(s.losses(of: "a") == 1)
        #expect(s.losses(of: "b") == 0)
        // A peer that says READY and vanishes costs nothing.
        s.register(worker: "ghost", host: "h", slots: 1, now: 2)
        _ = s.assign(now: 2)
        s.remove(worker: "ghost", reason: "became unreachable")
        #expect(s.losses(of: "a") == 1 && s.losses(of: "b") == 0)
    }

    @Test("a task that loses every worker it touches fails after max_losses, with the reason")
    func boundedLosses() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        for i in 0..<4 {
            let t = Double(i * 10)
            s.register(worker: "w\(i)", host: "h", slots: 1, now: t)
            #expect(s.assign(now: t).count == 1)
            s.touch(worker: "w\(i)", now: t + 1)
            s.remove(worker: "w\(i)", reason: "was killed")
        }
        #expect(s.status(of: "a") == .failed)
        #expect(s.failures.first?.error.contains("max_losses") == true)
        #expect(s.attempts(of: "a") == 0)
    }

    @Test("only explicit failures count toward max_attempts; after them the task fails with the last error")
    func boundedAttempts() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.fail(task: "a", worker: "w", error: "boom 1") == false)
        _ = s.assign(now: 0)
        s.touch(worker: "w", now: 101)
        #expect(s.expire(now: 101).expiredLeases == ["a"])
        #expect(s.attempts(of: "a") == 1)
        _ = s.assign(now: 101)
        #expect(s.fail(task: "a", worker: "w", error: "boom 2") == false)
        _ = s.assign(now: 101)
        #expect(s.fail(task: "a", worker: "w", error: "boom 3") == true)
        #expect(s.status(of: "a") == .failed)
        #expect(s.failures.first?.attempts == 3)
        #expect(s.failures.first?.error == "boom 3")
        #expect(s.isFinished)
    }

    @Test("a quarantined worker gets no more tasks and its leases go back uncharged")
    func quarantine() {
        var s = Scheduler(order: ["a", "b"], done: [], limits: limits)
        s.register(worker: "bad", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.quarantine(worker: "bad").sorted() == ["a", "b"])
        #expect(s.assign(now: 0).isEmpty)
        #expect(s.attempts(of: "a") == 0 && s.losses(of: "a") == 0)
        s.register(worker: "good", host: "h", slots: 1, now: 1)
        #expect(s.assign(now: 1).map(\.worker) == ["good", "good"])
    }

    @Test("leases per worker are capped whatever slots it announces; a worker with a free slot backs up the hoarder's oldest task")
    func hoarderCannotStarve() {
        var s = Scheduler(order: (0..<20).map { "t\($0)" }, done: [], limits: limits)
        s.register(worker: "hoarder", host: "h1", slots: 4096, now: 0)
        #expect(s.assign(now: 0).count == limits.maxLeasesPerWorker)
        s.register(worker: "honest", host: "h2", slots: 1, now: 0)
        // Pending tasks first: the honest worker gets t8 and its prefetch t9.
        #expect(s.assign(now: 0).map(\.task) == ["t8", "t9"])
        var s2 = Scheduler(order: ["x", "y"], done: [], limits: limits)
        s2.register(worker: "hoarder", host: "h1", slots: 4096, now: 0)
        _ = s2.assign(now: 0)
        s2.register(worker: "honest", host: "h2", slots: 1, now: 0)
        let backup = s2.assign(now: 0)
        #expect(backup.map(\.task) == ["x"] && backup.first?.worker == "honest")
        s2.resultReceived(task: "x", worker: "honest", valid: true, now: 1)
        s2.markDone(task: "x")
        #expect(s2.leases(of: "hoarder") == ["y"])
        #expect(s2.assign(now: 1).map(\.task) == ["y"])
    }

    @Test("an honest worker's task is backed up only once it is overdue (held longer than the slowest measured task of its width)")
    func backupsOnlyWhenOverdue() {
        var s = Scheduler(order: ["h20-s0", "h20-s1"], done: [], limits: limits)
        s.register(worker: "a", host: "h1", slots: 1, now: 0)
        _ = s.assign(now: 0)  // a: h20-s0 and h20-s1 (prefetched)
        s.resultReceived(task: "h20-s0", worker: "a", valid: true, now: 2)
        s.markDone(task: "h20-s0")  // measured: 2 s
        s.register(worker: "b", host: "h2", slots: 1, now: 2)
        #expect(s.assign(now: 2).isEmpty, "h20-s1 was leased 2 s ago: not overdue")
        #expect(s.assign(now: 2.5).map(\.worker) == ["b"])
    }

    @Test("lease time follows the slowest measured task of the same width, never below the floor")
    func adaptiveLeaseTime() {
        var s = Scheduler(order: ["h20-s0", "h20-s1", "h50-s0"], done: [], limits: limits)
        #expect(s.leaseDuration(of: "h20-s1") == 100)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.resultReceived(task: "h20-s0", worker: "w", valid: true, now: 0.5)
        #expect(s.leaseDuration(of: "h20-s1") == 5)  // 4 × 0.5 s is below the floor
        #expect(s.leaseDuration(of: "h50-s0") == 100)  // another width: not measured
    }

    @Test("replication: copies go to distinct principals; support from agreeing results finishes the leasing")
    func replication() {
        var s = Scheduler(order: ["a"], done: [], limits: limits, required: ["a": 2])
        s.register(worker: "w1", host: "h", principal: "p1", slots: 1, now: 0)
        s.register(worker: "w2", host: "h", principal: "p1", slots: 1, now: 0)
        s.register(worker: "w3", host: "h", principal: "p2", slots: 1, now: 0)
        let leases = s.assign(now: 0)
        #expect(leases.map(\.worker) == ["w1", "w3"])
        s.resultReceived(task: "a", worker: "w1", valid: true, now: 1)
        s.resultReceived(task: "a", worker: "w3", valid: true, now: 1)
        s.recordSupport(task: "a", support: 1)  // they disagree
        #expect(s.status(of: "a") == .pending)
        #expect(s.assign(now: 1).isEmpty, "both principals answered; a third is needed")
        s.register(worker: "w4", host: "h", principal: "p3", slots: 1, now: 1)
        #expect(s.assign(now: 1).map(\.worker) == ["w4"])
    }

    @Test("a worker that sent a result (valid or not) never gets that task again; its result stays acceptable")
    func resultsExcludeTheirWorker() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.resultReceived(task: "a", worker: "w1", valid: false, now: 1)
        #expect(s.status(of: "a") == .pending)
        #expect(s.assign(now: 1).isEmpty)
        s.register(worker: "w2", host: "h", slots: 1, now: 1)
        #expect(s.assign(now: 1).first?.worker == "w2")
        #expect(s.disposition(ofResultFrom: "w1", task: "a") == .candidate)
        #expect(s.disposition(ofResultFrom: "w3", task: "a") == .refuse("task a was never leased to w3"))
        s.markDone(task: "a")
        #expect(s.disposition(ofResultFrom: "w2", task: "a") == .duplicate)
    }

    @Test("invalid results count as attempts: a task that only gets garbage fails instead of stalling")
    func invalidResultsAreAttempts() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        for i in 0..<3 {
            s.register(worker: "bad\(i)", host: "h", slots: 1, now: 0)
            #expect(s.assign(now: 0).map(\.worker) == ["bad\(i)"])
            s.resultReceived(task: "a", worker: "bad\(i)", valid: false, problem: "loss[0] = nan", now: 1)
        }
        #expect(s.status(of: "a") == .failed)
        #expect(s.failures.first?.error == "invalid result from bad2: loss[0] = nan")
    }

    @Test("tasks handed back on DISCONNECT are leased again without counting anything")
    func handBack() {
        var s = Scheduler(order: ["a", "b"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 2, now: 0)
        _ = s.assign(now: 0)
        s.handBack(worker: "w1", tasks: ["a", "b"])
        s.remove(worker: "w1", reason: "disconnected")
        #expect(s.status(of: "a") == .pending && s.attempts(of: "a") == 0 && s.losses(of: "a") == 0)
        s.register(worker: "w2", host: "h", slots: 2, now: 1)
        #expect(s.assign(now: 1).map(\.task) == ["a", "b"])
    }

    @Test("a failure reported by a worker that no longer holds the lease changes nothing")
    func staleFailureIgnored() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.remove(worker: "w1", reason: "went silent")
        s.register(worker: "w2", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.fail(task: "a", worker: "w1", error: "late") == false)
        #expect(s.currentLease(of: "a")?.worker == "w2")
        #expect(s.attempts(of: "a") == 0)
    }
}

import GrokCoordinator
import GrokTasks
import Testing

/// A task as these tests name it: a key such as "h20-s1" is that task; a letter is a seed of
/// width 1 ("a" = seed 0); "t7" is seed 7 of width 2.
private func k(_ name: String) -> SweepTask {
    if let task = SweepTask(key: name) { return task }
    if name.hasPrefix("t"), let n = Int(name.dropFirst()) { return SweepTask(width: 2, seedIndex: n) }
    return SweepTask(width: 1, seedIndex: Int(name.unicodeScalars.first!.value) - 97)
}

private let limits = Scheduler.Limits(
    heartbeatInterval: 1, liveness: 3, leaseTimeout: 100, maxAttempts: 3, maxLosses: 4, maxLeasesPerWorker: 8, leaseFloor: 5)

@Suite("Scheduler: leases, liveness, attempts and losses, without sockets")
struct SchedulerTests {
    @Test("tasks go out in hand-out order, at most slots + prefetch per worker, workers in turn")
    func assignment() {
        var s = Scheduler(order: ["a", "b", "c", "d", "e", "f", "g"].map(k), done: Set(["b"].map(k)), limits: limits)
        s.register(worker: "w1", host: "h", slots: 2, now: 0)
        s.register(worker: "w2", host: "h", slots: 1, now: 0)
        let leases = s.assign(now: 0)
        #expect(Scheduler.prefetch == 1)
        #expect(leases.map(\.task) == ["a", "c", "d", "e", "f"].map(k))
        #expect(leases.map(\.worker) == ["w1", "w2", "w1", "w2", "w1"])
        #expect(Set(leases.map(\.id)).count == 5)
        #expect(s.status(of: k("g")) == .pending)
        #expect(s.assign(now: 0).isEmpty)
        #expect(s.status(of: k("b")) == .done)
    }

    @Test("a worker silent for liveness × interval is dropped; its started task is leased to another, as a loss, not an attempt")
    func silentWorkerLosesItsLease() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        #expect(s.assign(now: 0).first?.worker == "w1")
        s.touch(worker: "w1", now: 0.5)  // heard from after the lease: it had started
        s.register(worker: "w2", host: "h", slots: 1, now: 2.5)
        #expect(s.expire(now: 3.4).deadWorkers.isEmpty)
        let (dead, _) = s.expire(now: 3.6)
        #expect(dead == ["w1"])
        #expect(s.status(of: k("a")) == .pending)
        #expect(s.assign(now: 3.6).first?.worker == "w2")
        #expect(s.attempts(of: k("a")) == 0)
        #expect(s.losses(of: k("a")) == 1)
    }

    @Test("prefetched leases and leases never followed by a word from the worker are not charged when it is lost")
    func prefetchedNotCharged() {
        var s = Scheduler(order: ["a", "b"].map(k), done: [], limits: limits)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        #expect(s.assign(now: 0).map(\.task) == ["a", "b"].map(k))  // b is prefetched
        s.touch(worker: "w", now: 1)
        s.remove(worker: "w", reason: "was killed")
        #expect(s.losses(of: k("a")) == 1)
        #expect(s.losses(of: k("b")) == 0)
        // A peer that says READY and vanishes costs nothing.
        s.register(worker: "ghost", host: "h", slots: 1, now: 2)
        _ = s.assign(now: 2)
        s.remove(worker: "ghost", reason: "became unreachable")
        #expect(s.losses(of: k("a")) == 1 && s.losses(of: k("b")) == 0)
    }

    @Test("a task that loses every worker it touches fails after max_losses, with the reason")
    func boundedLosses() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        for i in 0..<4 {
            let t = Double(i * 10)
            s.register(worker: "w\(i)", host: "h", slots: 1, now: t)
            #expect(s.assign(now: t).count == 1)
            s.touch(worker: "w\(i)", now: t + 1)
            s.remove(worker: "w\(i)", reason: "was killed")
        }
        #expect(s.status(of: k("a")) == .failed)
        #expect(s.failures.first?.error.contains("max_losses") == true)
        #expect(s.attempts(of: k("a")) == 0)
    }

    @Test("only explicit failures count toward max_attempts; after them the task fails with the last error")
    func boundedAttempts() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.fail(task: k("a"), worker: "w", error: "boom 1", now: 0).taskFailed == false)
        #expect(s.assign(now: 0).isEmpty, "a retry on the worker that failed it waits retry_delay")
        #expect(s.assign(now: limits.retryDelay).count == 1)
        s.touch(worker: "w", now: 101)
        #expect(s.expire(now: 101).expiredLeases.isEmpty)
        s.touch(worker: "w", now: limits.retryDelay + 101)
        #expect(s.expire(now: limits.retryDelay + 101).expiredLeases == ["a"].map(k), "leased at retry_delay for 100 s")
        #expect(s.attempts(of: k("a")) == 1)
        _ = s.assign(now: 110)
        #expect(s.fail(task: k("a"), worker: "w", error: "boom 2", now: 110).taskFailed == false)
        _ = s.assign(now: 110 + limits.retryDelay)
        #expect(s.fail(task: k("a"), worker: "w", error: "boom 3", now: 110 + limits.retryDelay).taskFailed == true)
        #expect(s.status(of: k("a")) == .failed)
        #expect(s.failures.first?.attempts == 3)
        #expect(s.failures.first?.error == "boom 3")
        #expect(s.isFinished)
    }

    @Test("a quarantined worker gets no more tasks and its leases go back uncharged")
    func quarantine() {
        var s = Scheduler(order: ["a", "b"].map(k), done: [], limits: limits)
        s.register(worker: "bad", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.quarantine(worker: "bad", reason: "another build").sorted() == ["a", "b"].map(k))
        #expect(s.assign(now: 0).isEmpty)
        #expect(s.attempts(of: k("a")) == 0 && s.losses(of: k("a")) == 0)
        s.register(worker: "good", host: "h", slots: 1, now: 1)
        #expect(s.assign(now: 1).map(\.worker) == ["good", "good"])
    }

    @Test("leases per worker are capped whatever slots it announces; a worker with a free slot backs up the hoarder's oldest task")
    func hoarderCannotStarve() {
        var s = Scheduler(order: (0..<20).map { k("t\($0)") }, done: [], limits: limits)
        s.register(worker: "hoarder", host: "h1", slots: 4096, now: 0)
        #expect(s.assign(now: 0).count == limits.maxLeasesPerWorker)
        s.register(worker: "honest", host: "h2", slots: 1, now: 0)
        // Pending tasks first: the honest worker gets t8 and its prefetch t9.
        #expect(s.assign(now: 0).map(\.task) == ["t8", "t9"].map(k))
        var s2 = Scheduler(order: ["x", "y"].map(k), done: [], limits: limits)
        s2.register(worker: "hoarder", host: "h1", slots: 4096, now: 0)
        _ = s2.assign(now: 0)
        s2.register(worker: "honest", host: "h2", slots: 1, now: 0)
        let backup = s2.assign(now: 0)
        #expect(backup.map(\.task) == ["x"].map(k) && backup.first?.worker == "honest")
        s2.resultReceived(task: k("x"), worker: "honest", now: 1)
        s2.markDone(task: k("x"))
        #expect(s2.leases(of: "hoarder") == Set(["y"].map(k)))
        // y (same width as x, measured at 1 s) is overdue once held longer than that.
        #expect(s2.assign(now: 1.5).map(\.task) == ["y"].map(k))
    }

    @Test("an honest worker's task is backed up only once it is overdue (held longer than the slowest measured task of its width)")
    func backupsOnlyWhenOverdue() {
        var s = Scheduler(order: ["h20-s0", "h20-s1"].map(k), done: [], limits: limits)
        s.register(worker: "a", host: "h1", slots: 1, now: 0)
        _ = s.assign(now: 0)  // a: h20-s0 and h20-s1 (prefetched)
        s.resultReceived(task: k("h20-s0"), worker: "a", now: 2)
        s.markDone(task: k("h20-s0"))  // measured: 2 s
        s.register(worker: "b", host: "h2", slots: 1, now: 2)
        #expect(s.assign(now: 2).isEmpty, "h20-s1 was leased 2 s ago: not overdue")
        #expect(s.assign(now: 2.5).map(\.worker) == ["b"])
    }

    @Test("lease time follows the slowest measured task of the same width, never below the floor")
    func adaptiveLeaseTime() {
        var s = Scheduler(order: ["h20-s0", "h20-s1", "h50-s0"].map(k), done: [], limits: limits)
        #expect(s.leaseDuration(of: k("h20-s1")) == 100)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.resultReceived(task: k("h20-s0"), worker: "w", now: 0.5)
        #expect(s.leaseDuration(of: k("h20-s1")) == 5)  // 4 × 0.5 s is below the floor
        #expect(s.leaseDuration(of: k("h50-s0")) == 100)  // another width: not measured
    }

    @Test("replication: copies go to distinct principals; support from agreeing results finishes the leasing")
    func replication() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits, required: [k("a"): 2])
        s.register(worker: "w1", host: "h", principal: "p1", slots: 1, now: 0)
        s.register(worker: "w2", host: "h", principal: "p1", slots: 1, now: 0)
        s.register(worker: "w3", host: "h", principal: "p2", slots: 1, now: 0)
        let leases = s.assign(now: 0)
        #expect(leases.map(\.worker) == ["w1", "w3"])
        s.resultReceived(task: k("a"), worker: "w1", now: 1)
        s.resultReceived(task: k("a"), worker: "w3", now: 1)
        s.recordSupport(task: k("a"), support: 1)  // they disagree
        #expect(s.status(of: k("a")) == .pending)
        #expect(s.assign(now: 1).isEmpty, "both principals answered; a third is needed")
        s.register(worker: "w4", host: "h", principal: "p3", slots: 1, now: 1)
        #expect(s.assign(now: 1).map(\.worker) == ["w4"])
    }

    @Test("a worker that sent a valid result never gets that task again; its result stays acceptable")
    func resultsExcludeTheirWorker() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits, required: [k("a"): 2])
        s.register(worker: "w1", host: "h1", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.resultReceived(task: k("a"), worker: "w1", now: 1)
        #expect(s.status(of: k("a")) == .pending)
        #expect(s.assign(now: 1).isEmpty)
        s.register(worker: "w2", host: "h2", slots: 1, now: 1)
        #expect(s.assign(now: 1).first?.worker == "w2")
        #expect(s.disposition(ofResultFrom: "w1", task: k("a")) == .candidate)
        #expect(s.disposition(ofResultFrom: "w3", task: k("a")) == .refuse("task \(k("a").key) was never leased to w3"))
        s.markDone(task: k("a"))
        #expect(s.disposition(ofResultFrom: "w2", task: k("a")) == .duplicate)
    }

    @Test("an invalid result is charged like a failure: alone, its worker retries the task; beside another worker, it does not")
    func invalidResultRetriedOnlyWithoutAlternative() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.invalidResultReceived(task: k("a"), worker: "w1", problem: "loss[0] = 1e308")
        #expect(s.attempts(of: k("a")) == 1)
        #expect(s.assign(now: 1).isEmpty, "not before retry_delay")
        #expect(s.assign(now: limits.retryDelay).map(\.worker) == ["w1"], "a one-worker sweep retries in place")
        s.invalidResultReceived(task: k("a"), worker: "w1", problem: "loss[0] = 1e308", now: 7)
        s.register(worker: "w2", host: "h", slots: 1, now: 7)
        #expect(s.assign(now: 7).map(\.worker) == ["w2"], "a worker that has not failed it is taken at once")
    }

    @Test("invalid results count as attempts: a task that only gets garbage fails instead of stalling")
    func invalidResultsAreAttempts() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        for i in 0..<3 {
            s.register(worker: "bad\(i)", host: "h", slots: 1, now: 0)
            #expect(s.assign(now: 0).map(\.worker) == ["bad\(i)"])
            s.invalidResultReceived(task: k("a"), worker: "bad\(i)", problem: "loss[0] = nan")
        }
        #expect(s.status(of: k("a")) == .failed)
        #expect(s.failures.first?.error == "invalid result from bad2: loss[0] = nan")
    }

    @Test("tasks handed back on DISCONNECT are leased again without counting anything")
    func handBack() {
        var s = Scheduler(order: ["a", "b"].map(k), done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 2, now: 0)
        _ = s.assign(now: 0)
        s.handBack(worker: "w1", tasks: ["a", "b"].map(k))
        s.remove(worker: "w1", reason: "disconnected")
        #expect(s.status(of: k("a")) == .pending && s.attempts(of: k("a")) == 0 && s.losses(of: k("a")) == 0)
        s.register(worker: "w2", host: "h", slots: 2, now: 1)
        #expect(s.assign(now: 1).map(\.task) == ["a", "b"].map(k))
    }

    @Test("a failure reported by a worker that no longer holds the lease changes nothing")
    func staleFailureIgnored() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        s.remove(worker: "w1", reason: "went silent")
        s.register(worker: "w2", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.fail(task: k("a"), worker: "w1", error: "late").taskFailed == false)
        #expect(s.currentLease(of: k("a"))?.worker == "w2")
        #expect(s.attempts(of: k("a")) == 0)
    }
}

@Suite("Scheduler: black holes and flaky hosts — attempts per distinct host, probation, quarantine")
struct BlackHoleSchedulerTests {
    /// Fails every task it is leased, at once, as a black-hole host does.
    private func failEverything(_ s: inout Scheduler, worker: String, leases: [Scheduler.Lease]) -> [Scheduler.ChargeOutcome] {
        leases.filter { $0.worker == worker }.map {
            s.fail(task: $0.task, worker: worker, error: "libfoo.so: cannot open shared object file", now: $0.issued)
        }
    }

    @Test("a task fails only after failing on max_attempts distinct hosts; repeated failures on one host do not fail it while another host can try")
    func attemptsCountDistinctHosts() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        s.register(worker: "bh", host: "bad-host", slots: 1, now: 0)
        #expect(s.assign(now: 0).map(\.worker) == ["bh"])
        #expect(!s.fail(task: k("a"), worker: "bh", error: "boom").taskFailed)
        // The good host gets it; the black hole is not offered it again while another can try.
        s.register(worker: "w", host: "good-host", slots: 1, now: 0)
        #expect(s.assign(now: 0).map(\.worker) == ["w"])
        #expect(s.failingPrincipals(of: k("a")) == ["bad-host"])
        #expect(!s.fail(task: k("a"), worker: "w", error: "boom").taskFailed)
        #expect(s.status(of: k("a")) == .pending, "2 hosts failed it, max_attempts = 3, and both are still live")
        s.register(worker: "x", host: "third-host", slots: 1, now: 1)
        #expect(s.assign(now: 1).map(\.worker) == ["x"])
        #expect(s.fail(task: k("a"), worker: "x", error: "boom").taskFailed)
        #expect(s.failures.first?.attempts == 3)
    }

    @Test("on a one-host sweep a task still fails after max_attempts failures in all (no other host can try it)")
    func oneHostStillFails() {
        var s = Scheduler(order: ["a"].map(k), done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        s.register(worker: "w2", host: "h", slots: 1, now: 0)
        var now = 0.0
        while s.status(of: k("a")) != .failed && now < 100 {
            now += 1
            for lease in s.assign(now: now) { s.fail(task: lease.task, worker: lease.worker, error: "boom", now: now) }
        }
        #expect(s.status(of: k("a")) == .failed && s.attempts(of: k("a")) == 3)
        #expect(s.failingPrincipals(of: k("a")) == ["h"])
    }

    @Test(
        "a black hole beside one honest worker: quarantined after quarantine_after failures in a row, no task failed, every task done by the honest worker"
    )
    func blackHoleQuarantined() {
        let order = (0..<12).map { k("t\($0)") }
        var s = Scheduler(order: order, done: [], limits: limits)
        s.register(worker: "bh", host: "h", slots: 4, now: 0)
        s.register(worker: "honest", host: "h", slots: 1, now: 0)
        var quarantinedAt: Int? = nil
        var now = 0.0
        while !s.isFinished && now < 100 {
            now += 1
            let leases = s.assign(now: now)
            for outcome in failEverything(&s, worker: "bh", leases: leases) where outcome.quarantined != nil {
                quarantinedAt = s.health(of: "bh")?.failures
                #expect(outcome.quarantined?.reason.contains("network.quarantine_after = \(limits.quarantineAfter)") == true)
            }
            for lease in leases where lease.worker == "honest" {
                s.resultReceived(task: lease.task, worker: "honest", now: now)
                s.markDone(task: lease.task)
            }
        }
        #expect(s.isFinished && s.count(.failed) == 0 && s.count(.done) == order.count)
        #expect(quarantinedAt == limits.quarantineAfter)
        #expect(s.isQuarantined("bh") && !s.isQuarantined("honest"))
        #expect(s.health(of: "honest")?.results == order.count)
        // Its charges were withdrawn: no task carries an attempt of the quarantined host.
        #expect(order.allSatisfy { s.attempts(of: $0) == 0 })
    }

    @Test("a worker on probation holds one lease and is served after healthy workers; a valid result ends its probation")
    func probation() {
        var s = Scheduler(order: (0..<10).map { k("t\($0)") }, done: [], limits: limits)
        s.register(worker: "flaky", host: "h1", slots: 3, now: 0)
        let first = s.assign(now: 0)
        #expect(first.count == 4)
        s.fail(task: first[0].task, worker: "flaky", error: "oom")
        #expect(s.health(of: "flaky")?.onProbation == true)
        s.register(worker: "fresh", host: "h2", slots: 1, now: 1)
        let next = s.assign(now: 1)
        #expect(next.first?.worker == "fresh", "the healthy worker is served first")
        #expect(!next.contains { $0.worker == "flaky" }, "on probation, it already holds more than one lease")
        for lease in first.dropFirst() {
            s.resultReceived(task: lease.task, worker: "flaky", now: 2)
            s.markDone(task: lease.task)
        }
        #expect(s.health(of: "flaky")?.onProbation == false && s.health(of: "flaky")?.results == 3)
        #expect(s.health(of: "flaky")?.failureRate == 0.25)
    }

    @Test("the last worker able to compute is never quarantined; tasks that fail everywhere do not count against a host")
    func lastWorkerAndExoneration() {
        var s = Scheduler(order: (0..<8).map { k("t\($0)") }, done: [], limits: limits)
        s.register(worker: "only", host: "h", slots: 1, now: 0)
        var now = 0.0
        while !s.isFinished && now < 1000 {
            now += 1
            for lease in s.assign(now: now) { s.fail(task: lease.task, worker: "only", error: "diverged", now: now) }
        }
        #expect(!s.isQuarantined("only"))
        #expect(s.count(.failed) == 8 && s.failures.allSatisfy { $0.attempts == 3 })
        #expect(s.health(of: "only")?.streak.isEmpty == true, "every failed task was everyone's failure")
    }

    @Test("a quarantined worker that re-registers stays quarantined, and one that left keeps its figures")
    func quarantineSurvivesReconnect() {
        var s = Scheduler(order: ["a", "b"].map(k), done: [], limits: limits)
        s.register(worker: "bad", host: "h", slots: 1, now: 0)
        s.register(worker: "good", host: "h", slots: 1, now: 0)
        _ = s.quarantine(worker: "bad", reason: "another build")
        s.remove(worker: "bad", reason: "disconnected")
        #expect(s.health(of: "bad")?.quarantined == true)
        s.register(worker: "bad", host: "h", slots: 1, now: 1)
        #expect(s.isQuarantined("bad"))
        #expect(!s.assign(now: 1).contains { $0.worker == "bad" })
    }

    @Test("a black hole alone at first fails each task once, burns no task, and is quarantined at the first review after an honest worker joins")
    func blackHoleAloneAtFirst() {
        let order = (0..<8).map { k("t\($0)") }
        var s = Scheduler(order: order, done: [], limits: limits)
        s.register(worker: "bh", host: "bad", slots: 4, now: 0)
        var now = 0.0
        for _ in 0..<50 {  // 50 turns of 0.1 s: less than retry_delay
            now += 0.1
            _ = failEverything(&s, worker: "bh", leases: s.assign(now: now))
        }
        #expect(s.count(.failed) == 0 && order.allSatisfy { s.attempts(of: $0) == 1 })
        #expect(!s.isQuarantined("bh"), "the last worker able to compute is not quarantined")
        s.register(worker: "honest", host: "good", slots: 1, now: now)
        let q = s.reviewHealth()
        #expect(q.map(\.worker) == ["bh"])
        #expect(order.allSatisfy { s.attempts(of: $0) == 0 }, "its charges are withdrawn")
        #expect(s.assign(now: now).allSatisfy { $0.worker == "honest" })
    }
}

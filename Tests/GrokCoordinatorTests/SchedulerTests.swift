import Testing
import GrokCoordinator

private let limits = Scheduler.Limits(heartbeatInterval: 1, liveness: 3, leaseTimeout: 100, maxAttempts: 3)

@Suite("Scheduler: leases, liveness and retries, without sockets")
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

    @Test("a worker silent for liveness × interval is dropped and its task is leased to another")
    func silentWorkerLosesItsLease() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        #expect(s.assign(now: 0).first?.worker == "w1")
        s.register(worker: "w2", host: "h", slots: 1, now: 2.5)
        #expect(s.expire(now: 2.9).deadWorkers.isEmpty)
        let (dead, _) = s.expire(now: 3.1)
        #expect(dead == ["w1"])
        #expect(s.status(of: "a") == .pending)
        #expect(s.assign(now: 3.1).first?.worker == "w2")
        #expect(s.attempts(of: "a") == 1)
    }

    @Test("heartbeats keep a worker alive")
    func heartbeatsKeepAlive() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        for t in stride(from: 1.0, through: 10, by: 1) {
            s.touch(worker: "w1", now: t)
            #expect(s.expire(now: t + 0.5).deadWorkers.isEmpty)
        }
    }

    @Test("an expired lease is re-leased; after max attempts the task fails with the last error")
    func boundedAttempts() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)
        #expect(s.fail(task: "a", worker: "w", error: "boom 1") == false)
        _ = s.assign(now: 0)
        #expect(s.fail(task: "a", worker: "w", error: "boom 2") == false)
        _ = s.assign(now: 0)
        s.touch(worker: "w", now: 101)
        #expect(s.expire(now: 101).expiredLeases == ["a"])
        #expect(s.status(of: "a") == .failed)
        #expect(s.failures.first?.attempts == 3)
        #expect(s.failures.first?.error.contains("expired") == true)
        #expect(s.isFinished)
        #expect(s.assign(now: 101).isEmpty)
    }

    @Test("the first result commits; a result from a worker never leased the task is refused; later ones are duplicates")
    func resultDisposition() {
        var s = Scheduler(order: ["a"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 1, now: 0)
        s.register(worker: "w2", host: "h", slots: 1, now: 0)
        _ = s.assign(now: 0)  // a → w1
        #expect(s.disposition(ofResultFrom: "w2", task: "a") == .refuse("task a was never leased to w2"))
        #expect(s.disposition(ofResultFrom: "w1", task: "zzz") == .refuse("task zzz is not part of this sweep"))
        // w1 goes silent, a is re-leased to w2; w1's late result is still valid and first.
        s.touch(worker: "w2", now: 3.5)
        _ = s.expire(now: 3.5)
        #expect(s.assign(now: 3.5).first?.worker == "w2")
        #expect(s.disposition(ofResultFrom: "w1", task: "a") == .commit)
        s.markDone(task: "a")
        #expect(s.disposition(ofResultFrom: "w2", task: "a") == .duplicate)
        #expect(s.leases(of: "w2").isEmpty)
    }

    @Test("tasks handed back on DISCONNECT are leased again without counting an attempt")
    func handBack() {
        var s = Scheduler(order: ["a", "b"], done: [], limits: limits)
        s.register(worker: "w1", host: "h", slots: 2, now: 0)
        _ = s.assign(now: 0)
        s.handBack(worker: "w1", tasks: ["a", "b"])
        s.remove(worker: "w1", reason: "disconnected")
        #expect(s.status(of: "a") == .pending && s.attempts(of: "a") == 0)
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
    }
}

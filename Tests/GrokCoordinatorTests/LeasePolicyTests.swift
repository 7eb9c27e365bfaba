import GrokCoordinator
import GrokTasks
import GrokTraining
import Testing

private func k(_ key: String) -> SweepTask { SweepTask(key: key)! }

@Suite("Lease policy: lease time from measured tasks, capacity, backups only for overdue tasks")
struct LeasePolicyTests {
    @Test("a lease lasts the timeout until its width is measured, then 4 × the slowest of that width, never below the floor")
    func duration() {
        var p = LeasePolicy(leaseTimeout: 600, leaseFloor: 60, maxLeasesPerWorker: 256)
        #expect(p.duration(of: k("h20-s1")) == 600)
        p.measure(k("h20-s0"), seconds: 30)
        p.measure(k("h20-s2"), seconds: 20)
        #expect(p.duration(of: k("h20-s1")) == 120)
        p.measure(k("h50-s0"), seconds: 1)
        #expect(p.duration(of: k("h50-s3")) == 60)
        #expect(p.duration(of: k("h30-s0")) == 600)
    }

    @Test("capacity is slots + prefetch, capped, zero when quarantined; backups need a free slot, not a prefetch place")
    func capacity() {
        let p = LeasePolicy(leaseTimeout: 600, leaseFloor: 60, maxLeasesPerWorker: 8)
        #expect(p.capacity(slots: 2, quarantined: false) == 2 + LeasePolicy.prefetch)
        #expect(p.capacity(slots: 4096, quarantined: false) == 8)
        #expect(p.capacity(slots: 2, quarantined: true) == 0)
        #expect(p.mayTakeBackup(slots: 2, quarantined: false, held: 1))
        #expect(!p.mayTakeBackup(slots: 2, quarantined: false, held: 2))
        #expect(!p.mayTakeBackup(slots: 2, quarantined: true, held: 0))
    }

    @Test("a task is overdue once held longer than the slowest measured of its width, or at once when none was measured")
    func overdue() {
        var p = LeasePolicy(leaseTimeout: 600, leaseFloor: 60, maxLeasesPerWorker: 256)
        #expect(p.isOverdue(k("h20-s1"), heldFor: 0.1))
        p.measure(k("h20-s0"), seconds: 5)
        #expect(!p.isOverdue(k("h20-s1"), heldFor: 5))
        #expect(p.isOverdue(k("h20-s1"), heldFor: 5.01))
    }

    @Test("the lease group is (task group, width): widths and weight decays of one task are timed apart, seeds together")
    func groupsOnMultiAxisGrids() {
        var p = LeasePolicy(leaseTimeout: 600, leaseFloor: 1, maxLeasesPerWorker: 256)
        let wd5 = TaskGroup(task: "modadd", optimizer: .adamw, regularizer: .decoupled, weightDecay: 5)
        let wd1 = TaskGroup(task: "modadd", optimizer: .adamw, regularizer: .decoupled, weightDecay: 1)
        p.measure(SweepTask(width: 20, seedIndex: 3, group: wd5), seconds: 10)
        #expect(p.duration(of: SweepTask(width: 20, seedIndex: 0, group: wd5)) == 40, "another seed of the same group and width")
        #expect(p.duration(of: SweepTask(width: 128, seedIndex: 3, group: wd5)) == 600, "another width: not measured")
        #expect(p.duration(of: SweepTask(width: 20, seedIndex: 3, group: wd1)) == 600, "another weight decay: not measured")
        #expect(p.duration(of: SweepTask(width: 20, seedIndex: 3)) == 600, "XOR at the same width: not measured")
        #expect(
            LeasePolicy.LeaseGroup(SweepTask(width: 20, seedIndex: 3, group: wd5))
                != LeasePolicy.LeaseGroup(SweepTask(width: 20, seedIndex: 3, group: wd1)))
    }

    @Test("a worker on probation may hold one lease and takes no backup")
    func probationCapacity() {
        let p = LeasePolicy(leaseTimeout: 600, leaseFloor: 60, maxLeasesPerWorker: 8)
        #expect(p.capacity(slots: 4, quarantined: false, onProbation: true) == 1)
        #expect(!p.mayTakeBackup(slots: 4, quarantined: false, onProbation: true, held: 0))
    }
}

import Testing
import GrokCoordinator

@Suite("Lease policy: lease time from measured tasks, capacity, backups only for overdue tasks")
struct LeasePolicyTests {
    @Test("a lease lasts the timeout until its width is measured, then 4 × the slowest of that width, never below the floor")
    func duration() {
        var p = LeasePolicy(leaseTimeout: 600, leaseFloor: 60, maxLeasesPerWorker: 256)
        #expect(p.duration(of: "h20-s1") == 600)
        p.measure("h20-s0", seconds: 30)
        p.measure("h20-s2", seconds: 20)
        #expect(p.duration(of: "h20-s1") == 120)
        p.measure("h50-s0", seconds: 1)
        #expect(p.duration(of: "h50-s3") == 60)
        #expect(p.duration(of: "h30-s0") == 600)
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
        #expect(p.isOverdue("h20-s1", heldFor: 0.1))
        p.measure("h20-s0", seconds: 5)
        #expect(!p.isOverdue("h20-s1", heldFor: 5))
        #expect(p.isOverdue("h20-s1", heldFor: 5.01))
    }
}

import GrokCoordinator
import GrokTasks
import Testing

private let limits = Scheduler.Limits(
    heartbeatInterval: 1, liveness: 3, leaseTimeout: 100, maxAttempts: 3, maxLosses: 4, maxLeasesPerWorker: 8, leaseFloor: 5)
private let gpuTask = SweepTask(width: 4, seedIndex: 0, group: TaskGroup(task: "big_model"))
private let cpuTask = SweepTask(width: 4, seedIndex: 1, group: TaskGroup(task: "big_model"))

@Suite("Scheduler: programs that require a GPU, with controlled time")
struct SchedulerGPUTests {
    @Test("a GPU task is never leased to a worker without a GPU; it waits for one, and other tasks go on")
    func onlyToGPUWorkers() {
        var s = Scheduler(order: [gpuTask, cpuTask], done: [], limits: limits, needsGPU: [gpuTask])
        s.register(worker: "cpu", host: "h1", slots: 4, now: 0)
        #expect(s.assign(now: 0).map(\.task) == [cpuTask])
        #expect(s.status(of: gpuTask) == .pending)
        s.register(worker: "gpu", host: "h2", slots: 1, gpus: 1, now: 1)
        let leases = s.assign(now: 1)
        #expect(leases.map(\.task) == [gpuTask] && leases.map(\.worker) == ["gpu"])
    }

    @Test("after a failure on the only GPU worker, the task goes back to it (after the retry delay), not to CPU workers")
    func retryStaysOnGPU() {
        var s = Scheduler(order: [gpuTask], done: [], limits: limits, needsGPU: [gpuTask])
        s.register(worker: "gpu", host: "h2", slots: 1, gpus: 1, now: 0)
        s.register(worker: "cpu", host: "h1", slots: 4, now: 0)
        #expect(s.assign(now: 0).first?.worker == "gpu")
        _ = s.fail(task: gpuTask, worker: "gpu", error: "CUDA error", now: 0.5)
        #expect(s.assign(now: 0.6).isEmpty, "not to the CPU worker, and not before the retry delay")
        s.touch(worker: "gpu", now: 5)
        s.touch(worker: "cpu", now: 5)
        #expect(s.assign(now: 10).map(\.worker) == ["gpu"])
    }
}

import CHostInfo
import Foundation

/// How many tasks this process may run at once without oversubscribing its allocation: the
/// CPUs of its affinity mask (what `taskset`, cgroups' cpusets and SLURM's task binding leave
/// it; `nproc` prints the same), capped by SLURM_CPUS_PER_TASK when SLURM set it.
/// `activeProcessorCount` counts every online CPU of the machine, which oversubscribes inside
/// an allocation.
public enum CPUAllocation {
    public static func slots(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var count = affinityCount() ?? ProcessInfo.processInfo.activeProcessorCount
        if let text = environment["SLURM_CPUS_PER_TASK"], let perTask = Int(text), perTask >= 1 {
            count = min(count, perTask)
        }
        return max(1, count)
    }

    /// The number of CPUs in this thread's affinity mask (sched_getaffinity), nil if unknown.
    public static func affinityCount() -> Int? {
        let count = grokscale_affinity_count()
        return count > 0 ? Int(count) : nil
    }

    /// Where the default came from, for help texts and `--json` output.
    public static let helpText = "default: the CPUs this process may use (its affinity mask, as `nproc` counts them), at most $SLURM_CPUS_PER_TASK"
}

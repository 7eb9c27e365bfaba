import Foundation
import GrokTasks

/// Which tasks are verified and how (network.replication, network.spot_check): one definition
/// shared by the coordinator and the in-process run, so both report the same provenance.
public enum VerificationPolicy {
    /// True when `task` is in the seeded fraction network.spot_check of tasks the coordinator
    /// recomputes (never when replication already verifies every task).
    public static func isSpotChecked(_ task: SweepTask, config: SweepConfig) -> Bool {
        let f = config.network.spotCheck
        guard f > 0, config.network.replication == 1 else { return false }
        if f >= 1 { return true }
        let digest = SHA256.hash(Array("grokscale-spot-check/1 \(config.seed) \(task.key)".utf8))
        let u = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(u >> 11) * 0x1p-53 < f
    }

    /// Agreeing results from distinct principals needed to commit `task`.
    public static func required(_ task: SweepTask, config: SweepConfig) -> Int {
        isSpotChecked(task, config: config) ? 2 : config.network.replication
    }

    /// How the tasks of the report were verified, as the provenance states it.
    public static let method =
        "a replicated task is committed only when network.replication results from distinct workers (distinct hosts, or distinct CURVE keys) agree byte for byte; a spot-checked task only when the coordinator's own recomputation agrees with a worker's (in-process: the same process computes each such task twice)"
}

import Foundation
import GrokConfig
import GrokTasks

/// When two results of one task agree (replication, spot checks). Built-in tasks and
/// deterministic programs must be byte-identical. A program declared non-deterministic
/// (`deterministic = false`, GPU kernels, threads) is compared within its relative tolerance on
/// what the analysis reads: the run's shape (N, snapshots, topologies, field counts) exactly;
/// the Gaussian control's cascades exactly (they come from the sweep's streams, not from the
/// program); loss and accuracy per snapshot; and per topology the mean of log(1 + s) over the
/// gradient cascades — one cascade of a chaotic toppling process is not comparable between two
/// slightly different fields, their statistics are.
public enum ResultAgreement {
    public static func agree(_ a: TaskResult, _ b: TaskResult, config: SweepConfig) -> Bool {
        if TaskResult.canonicalBytes(a) == TaskResult.canonicalBytes(b) { return true }
        guard a.task == b.task, let program = config.program(named: a.task.group.task), !program.deterministic else { return false }
        return withinTolerance(a, b, tolerance: program.tolerance)
    }

    static func withinTolerance(_ a: TaskResult, _ b: TaskResult, tolerance tol: Double) -> Bool {
        guard a.parameterCount == b.parameterCount, a.snapshotEpochs == b.snapshotEpochs,
            a.topologies.map(\.topology) == b.topologies.map(\.topology),
            a.loss.count == b.loss.count, a.accuracy.count == b.accuracy.count
        else { return false }
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= tol * max(abs(x), abs(y), 1e-12) }
        for (x, y) in zip(a.loss, b.loss) where !close(x, y) { return false }
        // Accuracies are fractions: compared on the absolute scale.
        for (x, y) in zip(a.accuracy, b.accuracy) where abs(x - y) > tol { return false }
        // The onset may move by at most the tolerance's share of the run.
        switch (a.onsetEpoch, b.onsetEpoch) {
        case (nil, nil): break
        case (let x?, let y?): if Double(abs(x - y)) > tol * Double(max(a.snapshotEpochs.last ?? 0, 1)) { return false }
        default: return false
        }
        for (ta, tb) in zip(a.topologies, b.topologies) {
            guard ta.control == tb.control, ta.gradient.count == tb.gradient.count else { return false }
            if !close(meanLogSize(ta.gradient), meanLogSize(tb.gradient)) { return false }
        }
        return true
    }

    static func meanLogSize(_ fields: [FieldCascades]) -> Double {
        var sum = 0.0, count = 0
        for f in fields { for c in f.cascades { sum += log1p(Double(c.size)); count += 1 } }
        return count == 0 ? 0 : sum / Double(count)
    }
}

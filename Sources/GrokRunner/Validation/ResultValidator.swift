import GrokConfig
import GrokTasks

/// Checks a task result against what the configuration implies (``ExpectedResult``) before it is
/// committed. Pure; the coordinator refuses a result it rejects (REFUSE `invalid`) and the
/// journal re-checks every committed row on open, so that no stored result can crash the
/// analysis or make it allocate without bound.
public enum ResultValidator {
    /// The first problem found, as a sentence naming the field; nil for a valid result.
    public static func problem(with r: TaskResult, expected given: ExpectedResult) -> String? {
        let k = given.key
        if r.task != given.task { return "the result is for \(r.task.key), expected \(k)" }
        var e = given
        if e.parameterCountIsReported {
            guard (2...ExpectedResult.maxProgramParameterCount).contains(r.parameterCount) else {
                return "\(k): parameterCount is \(r.parameterCount), a program's N must be between 2 and \(ExpectedResult.maxProgramParameterCount)"
            }
            e = e.adopting(parameterCount: r.parameterCount, conservation: e.conservation)
        }
        if r.parameterCount != e.parameterCount {
            return "\(k): parameterCount is \(r.parameterCount), the configuration implies \(e.parameterCount)"
        }
        if let onset = r.onsetEpoch, onset < 0 || onset > e.epochs { return "\(k): onsetEpoch \(onset) is outside [0, \(e.epochs)]" }
        if r.snapshotEpochs != e.snapshotEpochs {
            return "\(k): snapshot epochs differ from the configuration's (\(r.snapshotEpochs.count) given, \(e.snapshotEpochs.count) expected)"
        }
        let n = e.snapshotEpochs.count
        for (name, values) in [("loss", r.loss), ("accuracy", r.accuracy), ("gini", r.gini)] where values.count != n {
            return "\(k): \(name) has \(values.count) values, one per snapshot (\(n)) expected"
        }
        if let i = r.loss.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            return "\(k): loss[\(i)] = \(r.loss[i]) is not a finite non-negative number"
        }
        if let i = r.accuracy.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) { return "\(k): accuracy[\(i)] = \(r.accuracy[i]) is outside [0, 1]" }
        if let i = r.gini.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) { return "\(k): gini[\(i)] = \(r.gini[i]) is outside [0, 1]" }
        if let test = r.testAccuracy, test.count != n { return "\(k): testAccuracy has \(test.count) values, one per snapshot (\(n)) expected" }
        guard let ranges = e.ranges else { return "\(k): the configuration has no task \"\(e.task.group.task)\"" }
        if let problem = ranges.problem(loss: r.loss, accuracy: r.accuracy, testAccuracy: r.testAccuracy) { return "\(k): \(problem)" }
        if let problem = indicatorProblem(r, expected: e) { return "\(k): \(problem)" }
        if r.topologies.map(\.topology) != e.topologies {
            return "\(k): topologies \(r.topologies.map(\.topology).prefix(10)) differ from \(e.topologies)"
        }
        for t in r.topologies {
            if t.gradient.count != n { return "\(k)/\(t.topology): \(t.gradient.count) gradient fields, one per snapshot (\(n)) expected" }
            if t.control.count != e.controlFields { return "\(k)/\(t.topology): \(t.control.count) control fields, \(e.controlFields) expected" }
            for (kind, fields) in [("gradient", t.gradient), ("control", t.control)] {
                for (i, field) in fields.enumerated() {
                    if let problem = problem(with: field, expected: e) { return "\(k)/\(t.topology)/\(kind)[\(i)]: \(problem)" }
                }
            }
        }
        return nil
    }

    /// Convenience: the expectation of `key` in `config`, then the check.
    public static func problem(with r: TaskResult, key: String, config: SweepConfig) -> String? {
        guard let task = SweepTask(key: key), config.widths.contains(task.width), task.seedIndex < config.seeds,
            config.taskGroups.contains(task.group)
        else { return "\(key) is not a task of this sweep" }
        return problem(with: r, expected: ExpectedResult(task: task, config: config))
    }

    static func problem(with field: FieldCascades, expected e: ExpectedResult) -> String? {
        if let error = field.error {
            if error.count > ExpectedResult.maxErrorLength {
                return "an error text of \(error.count) characters (at most \(ExpectedResult.maxErrorLength))"
            }
            return field.cascades.isEmpty ? nil : "a field with an error carries no cascades"
        }
        if !e.cascadesPerField.contains(field.cascades.count) {
            return
                "\(field.cascades.count) cascades, \(e.cascadesPerField.lowerBound == e.cascadesPerField.upperBound ? "\(e.cascadesPerField.lowerBound)" : "\(e.cascadesPerField.lowerBound) … \(e.cascadesPerField.upperBound)") expected"
        }
        let perSeed = e.cascadesPerField.upperBound > 1
        for (j, c) in field.cascades.enumerated() {
            if c.size < 0 || c.size > e.maxSize { return "cascade \(j): size \(c.size) is outside [0, \(e.maxSize)]" }
            if c.size == 0 {
                if perSeed { return "cascade \(j): a seeded avalanche has size ≥ 1" }
                if c.extent != 0 || c.duration != 0 { return "cascade \(j): size 0 needs extent 0 and duration 0" }
                continue
            }
            if c.extent < 1 || c.extent > min(c.size, e.parameterCount) {
                return "cascade \(j): extent \(c.extent) is outside [1, min(size \(c.size), N \(e.parameterCount))]"
            }
            if c.duration < 1 || c.duration > c.size { return "cascade \(j): duration \(c.duration) is outside [1, size \(c.size)]" }
        }
        return firstWaveProblem(field, expected: e)
    }
}

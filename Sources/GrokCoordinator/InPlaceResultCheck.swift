import GrokRunner
import GrokTasks
import GrokTraining

/// Checks a binary result record where it lies, without building the ``TaskResult``: decoding
/// one default-grid result allocates an array per probed field (hundreds), and allocating and
/// freeing them was a third of the coordinator's CPU per result in real runs.
///
/// One-sided by design: `true` only when ``TaskResult/decodeBinary(_:)-(UnsafeRawBufferPointer)``
/// would decode the bytes exactly AND ``ResultValidator`` would accept the result against
/// `expected`; `false` means "not proven", and the caller decodes and validates in full (which
/// also gives the exact reason of a refusal). A field carrying a probe error is never proven
/// here (rare; its text length rule is the validator's). It mirrors the reader's rules (the same
/// ``BinaryReader`` calls in the same order) and the validator's; a test compares the three on
/// thousands of mutated records.
public enum InPlaceResultCheck {
    public static func isValid(_ record: UnsafeRawBufferPointer, expected e: ExpectedResult) -> Bool {
        var r = BinaryReader(record)
        do throws(BinaryDecodingError) {
            return try walk(&r, e) && r.isAtEnd
        } catch {
            return false
        }
    }

    private static func walk(_ r: inout BinaryReader, _ e: ExpectedResult) throws(BinaryDecodingError) -> Bool {
        // Format 1 only; a sweep that expects indicators or first waves is left to the full check.
        guard !e.indicators && !e.branching else { return false }
        try r.expect(TaskResult.binaryMagic, "")
        let width = try r.int("")
        let seed = try r.int("")
        guard let field = TaskVariant.parseRecordField(try r.string("")) else { return false }
        guard let optimizer = OptimizerKind(rawValue: try r.string("")), let regularizer = Regularizer(rawValue: try r.string("")) else {
            return false
        }
        let decay = try r.double("")
        let task = SweepTask(
            width: width, seedIndex: seed,
            group: TaskGroup(task: field.task, optimizer: optimizer, regularizer: regularizer, weightDecay: decay, variant: field.variant))
        guard task == e.task, try r.int("") == e.parameterCount else { return false }
        if try r.flag("") {
            let onset = try r.int("")
            guard onset >= 0 && onset <= e.epochs else { return false }
        }
        let n = e.snapshotEpochs.count
        guard try r.count("", minBytes: 1) == n else { return false }
        for epoch in e.snapshotEpochs {
            guard try r.int("") == epoch else { return false }
        }
        // The task's physical ranges, the validator's own predicates (ExpectedResult.ranges).
        guard let ranges = e.ranges,
            try doubles(&r, n, ranges.isLoss),  // loss
            try doubles(&r, n, ranges.isTrainingAccuracy),  // accuracy
            try doubles(&r, n, { $0 >= 0 && $0 <= 1 })  // gini
        else { return false }
        if try r.flag("") {  // test accuracy
            guard ranges.testCount != nil, try doubles(&r, n, ranges.isTestAccuracy) else { return false }
        }
        if try r.flag("") { _ = try r.int("") }  // train onset epoch
        guard try r.count("", minBytes: 3) == e.topologies.count else { return false }
        for name in e.topologies {
            guard try r.string("") == name,
                try fields(&r, count: n, e),  // gradient: one per snapshot
                try fields(&r, count: e.controlFields, e)
            else { return false }
        }
        return true
    }

    /// `count` doubles (the record's count must be exactly that), each passing `valid`.
    private static func doubles(_ r: inout BinaryReader, _ count: Int, _ valid: (Double) -> Bool) throws(BinaryDecodingError) -> Bool {
        guard try r.count("", minBytes: 8) == count else { return false }
        for _ in 0..<count {
            guard valid(try r.double("")) else { return false }
        }
        return true
    }

    /// `count` fields without probe errors, each with the validator's cascade rules.
    private static func fields(_ r: inout BinaryReader, count: Int, _ e: ExpectedResult) throws(BinaryDecodingError) -> Bool {
        guard try r.count("", minBytes: 2) == count else { return false }
        let perSeed = e.cascadesPerField.upperBound > 1
        for _ in 0..<count {
            if try r.flag("") { return false }
            let m = try r.count("", minBytes: 3)
            guard e.cascadesPerField.contains(m) else { return false }
            for _ in 0..<m {
                let size = try r.int(""), extent = try r.int(""), duration = try r.int("")
                guard size >= 0 && size <= e.maxSize else { return false }
                if size == 0 {
                    guard !perSeed, extent == 0, duration == 0 else { return false }
                    continue
                }
                guard extent >= 1 && extent <= min(size, e.parameterCount), duration >= 1 && duration <= size else { return false }
            }
        }
        return true
    }
}

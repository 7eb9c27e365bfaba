import Foundation
import GrokProbe
import GrokTraining

/// The binary result record, format 1 (PROTOCOL.md, "Binary result record"): what a worker
/// sends in RESULT and what the journal stores. It exists because decoding the JSON form cost
/// the coordinator ~5 ms per default-grid result (and hashing it 0.6 ms): this record is ~7×
/// smaller and decodes in tens of microseconds. It is deterministic — each value has exactly one
/// encoding (shortest varints, flags 0/1, IEEE bits) — so equal results give equal bytes, and
/// it carries the same value as the canonical JSON form (``canonicalJSON(_:)``), which stays
/// the result's reference meaning (the pinned result digest is of that JSON).
extension TaskResult {
    /// The record's first bytes: "GRKT" then the format version.
    public static let binaryMagic: [UInt8] = Array("GRKT".utf8) + [1]
    /// Format 2 is format 1 plus each cascade's optional first wave and the optional indicator
    /// series. A result that has neither is written as format 1, so its bytes (and every pinned
    /// digest) are those of earlier builds.
    public static let binaryMagic2: [UInt8] = Array("GRKT".utf8) + [2]

    /// Whether the result needs format 2 (indicators, or a cascade with its first wave).
    static func needsFormat2(_ r: TaskResult) -> Bool {
        r.indicators != nil
            || r.topologies.contains { t in
                (t.gradient + t.control).contains { f in f.cascades.contains { $0.firstWave != nil } }
            }
    }

    /// The canonical binary record of `result`.
    public static func binaryRecord(_ r: TaskResult) -> [UInt8] {
        var w = BinaryWriter(capacity: 1024 + r.topologies.count * (r.snapshotEpochs.count + 1) * 12)
        let format2 = needsFormat2(r)
        w.raw(format2 ? binaryMagic2 : binaryMagic)
        w.int(r.task.width)
        w.int(r.task.seedIndex)
        w.string(r.task.group.recordField)
        w.string(r.task.group.optimizer.rawValue)
        w.string(r.task.group.regularizer.rawValue)
        w.double(r.task.group.weightDecay)
        w.int(r.parameterCount)
        optionalInt(&w, r.onsetEpoch)
        w.count(r.snapshotEpochs.count)
        for e in r.snapshotEpochs { w.int(e) }
        w.doubles(r.loss)
        w.doubles(r.accuracy)
        w.doubles(r.gini)
        w.flag(r.testAccuracy != nil)
        if let t = r.testAccuracy { w.doubles(t) }
        optionalInt(&w, r.trainOnsetEpoch)
        w.count(r.topologies.count)
        for t in r.topologies {
            w.string(t.topology)
            for fields in [t.gradient, t.control] {
                w.count(fields.count)
                for f in fields {
                    w.flag(f.error != nil)
                    if let e = f.error { w.string(e) }
                    w.count(f.cascades.count)
                    for c in f.cascades {
                        w.int(c.size)
                        w.int(c.extent)
                        w.int(c.duration)
                        if format2 { optionalInt(&w, c.firstWave) }
                    }
                }
            }
        }
        if format2 {
            w.flag(r.indicators != nil)
            if let series = r.indicators {
                w.count(series.count)
                for s in series {
                    w.string(s.name)
                    w.doubles(s.values)
                }
            }
        }
        return w.bytes
    }

    private static func optionalInt(_ w: inout BinaryWriter, _ v: Int?) {
        w.flag(v != nil)
        if let v { w.int(v) }
    }

    /// Whether `bytes` begin like a binary record (else they are the JSON form).
    public static func isBinaryRecord(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: binaryMagic.prefix(4))
    }

    /// Decodes a binary record that fills `bytes` exactly. Malformed bytes throw a reason naming
    /// the field and offset; no count is trusted before it is checked against the bytes left.
    public static func decodeBinary(_ bytes: UnsafeRawBufferPointer) throws(BinaryDecodingError) -> TaskResult {
        var r = BinaryReader(bytes)
        let result = try decodeBinary(&r)
        guard r.isAtEnd else { throw BinaryDecodingError("\(r.remaining) byte(s) after the end of the result record") }
        return result
    }

    public static func decodeBinary(_ bytes: [UInt8]) throws(BinaryDecodingError) -> TaskResult {
        try BinaryReader.reading(bytes) { (b: UnsafeRawBufferPointer) throws(BinaryDecodingError) -> TaskResult in try decodeBinary(b) }
    }

    /// Reads one record from the reader's position (it may be followed by other bytes).
    public static func decodeBinary(_ r: inout BinaryReader) throws(BinaryDecodingError) -> TaskResult {
        try r.expect(Array(binaryMagic.prefix(4)), "result record header (GRKT)")
        let version = try r.byte("result record format")
        guard version == 1 || version == 2 else {
            throw BinaryDecodingError("result record format \(version) is not one this build reads (1, 2); a newer grokscale wrote it")
        }
        let format2 = version == 2
        let width = try r.int("task.width")
        let seed = try r.int("task.seedIndex")
        let taskField = try r.string("task.task")
        guard let field = TaskVariant.parseRecordField(taskField) else {
            throw BinaryDecodingError("task.task: \(taskField.prefix(60).debugDescription) is not a task name with valid |axis=value settings")
        }
        let optimizerName = try r.string("task.optimizer")
        guard let optimizer = OptimizerKind(rawValue: optimizerName) else {
            throw BinaryDecodingError("task.optimizer: unknown optimizer \(optimizerName.prefix(20).debugDescription)")
        }
        let regularizerName = try r.string("task.regularizer")
        guard let regularizer = Regularizer(rawValue: regularizerName) else {
            throw BinaryDecodingError("task.regularizer: unknown regularizer \(regularizerName.prefix(20).debugDescription)")
        }
        let decay = try r.double("task.weightDecay")
        let task = SweepTask(
            width: width, seedIndex: seed,
            group: TaskGroup(task: field.task, optimizer: optimizer, regularizer: regularizer, weightDecay: decay, variant: field.variant))
        let parameterCount = try r.int("parameterCount")
        let onset = try r.flag("onsetEpoch present") ? try r.int("onsetEpoch") : nil
        let snapshots = try r.count("snapshotEpochs count", minBytes: 1)
        var epochs: [Int] = []
        epochs.reserveCapacity(snapshots)
        for _ in 0..<snapshots { epochs.append(try r.int("snapshotEpochs")) }
        let loss = try r.doubles("loss")
        let accuracy = try r.doubles("accuracy")
        let gini = try r.doubles("gini")
        let testAccuracy = try r.flag("testAccuracy present") ? try r.doubles("testAccuracy") : nil
        let trainOnset = try r.flag("trainOnsetEpoch present") ? try r.int("trainOnsetEpoch") : nil
        // A topology takes at least 3 bytes (empty name, two empty field lists).
        let topologyCount = try r.count("topologies count", minBytes: 3)
        var topologies: [TopologyCascades] = []
        topologies.reserveCapacity(topologyCount)
        for _ in 0..<topologyCount {
            let name = try r.string("topology name")
            let gradient = try fields(&r, "\(name) gradient", format2: format2)
            let control = try fields(&r, "\(name) control", format2: format2)
            topologies.append(TopologyCascades(topology: name, gradient: gradient, control: control))
        }
        var indicators: [IndicatorSeries]?
        if format2, try r.flag("indicators present") {
            // A series takes at least 2 bytes (empty name, empty values).
            let n = try r.count("indicator count", minBytes: 2)
            var series: [IndicatorSeries] = []
            for _ in 0..<n {
                let name = try r.string("indicator name")
                series.append(IndicatorSeries(name: name, values: try r.doubles("indicator \(name.prefix(40)) values")))
            }
            indicators = series
        }
        return TaskResult(
            task: task, parameterCount: parameterCount, onsetEpoch: onset, snapshotEpochs: epochs, loss: loss, accuracy: accuracy,
            gini: gini, topologies: topologies, testAccuracy: testAccuracy, trainOnsetEpoch: trainOnset, indicators: indicators)
    }

    private static func fields(_ r: inout BinaryReader, _ what: String, format2: Bool) throws(BinaryDecodingError) -> [FieldCascades] {
        // A field takes at least 2 bytes (no-error flag, cascade count).
        let n = try r.count("\(what) field count", minBytes: 2)
        var out: [FieldCascades] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            let error = try r.flag("field error present") ? try r.string("field error") : nil
            // A cascade takes at least 3 bytes (three one-byte numbers).
            let m = try r.count("cascade count", minBytes: 3)
            var cascades: [Cascade] = []
            cascades.reserveCapacity(m)
            for _ in 0..<m {
                let size = try r.int("cascade size")
                let extent = try r.int("cascade extent")
                let duration = try r.int("cascade duration")
                var first: Int?
                if format2, try r.flag("cascade first wave present") { first = try r.int("cascade first wave") }
                cascades.append(Cascade(size: size, extent: extent, duration: duration, firstWave: first))
            }
            out.append(FieldCascades(cascades: cascades, error: error))
        }
        return out
    }

    /// Decodes stored or received result bytes in either form: the binary record, or the JSON
    /// form that journals of earlier builds hold and JSON RESULT bodies carry.
    public static func decodeStored(_ data: Data) throws -> TaskResult {
        if isBinaryRecord(data) {
            return try data.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws -> TaskResult in try decodeBinary(b) }
        }
        return try JSONDecoder().decode(TaskResult.self, from: data)
    }
}

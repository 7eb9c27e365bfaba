import GrokConfig
import GrokNumerics
import GrokTraining

/// The histogram of the teacher's order parameter |Φᵢ| = |wᵢ·w*| (Rubin, Seroussi & Ringel) in a
/// group's report section, per width at chosen epochs: the first snapshot, the snapshots at a
/// quarter, half and all of the budget, and the onset (the last snapshot at or before t_g, grokked
/// runs only). Each row is the mean over the width's runs of their own shares per bin, so it sums
/// to 1; nil for runs without the histogram's series (tasks other than `teacher`, indicators off).
enum OverlapHistogram {
    static func json(runs: [RunRecord], epochs: Int) -> JSONValue? {
        let names = IndicatorName.teacherPhiBins.map(\.rawValue)
        let carrying = runs.compactMap { r -> (RunRecord, [[Double]])? in
            guard let series = r.indicators else { return nil }
            let bins = names.compactMap { n in series.first { $0.name == n }?.values }
            return bins.count == names.count ? (r, bins) : nil
        }
        guard !carrying.isEmpty else { return nil }
        let chosen = [0, epochs / 4, epochs / 2, epochs].reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        var rows: [JSONValue] = []
        for width in Set(carrying.map { $0.0.task.width }).sorted() {
            let atWidth = carrying.filter { $0.0.task.width == width }
            for epoch in chosen {
                let picked = atWidth.compactMap { r, bins in snapshotIndex(r.snapshotEpochs, atOrBefore: epoch).map { i in bins.map { $0[i] } } }
                rows.append(row(width: width, at: "epoch", epoch: epoch, shares: picked))
            }
            let atOnset = atWidth.compactMap { r, bins in
                r.onsetEpoch.flatMap { snapshotIndex(r.snapshotEpochs, atOrBefore: $0) }.map { i in bins.map { $0[i] } }
            }
            if !atOnset.isEmpty { rows.append(row(width: width, at: "onset", epoch: nil, shares: atOnset)) }
        }
        return .object([
            ("quantity", .string("|Φᵢ| = |wᵢ·w*|, share of neurons per bin, mean over runs")),
            ("edges", .array(IndicatorName.teacherPhiEdges.map(JSONValue.number))),
            ("rows", .array(rows)),
        ])
    }

    /// The last snapshot at or before `epoch` (nil before the first).
    static func snapshotIndex(_ snapshots: [Int], atOrBefore epoch: Int) -> Int? {
        snapshots.lastIndex { $0 <= epoch }
    }

    static func row(width: Int, at: String, epoch: Int?, shares: [[Double]]) -> JSONValue {
        let bins = IndicatorName.teacherPhiBins.count
        let mean = (0..<bins).map { b in shares.isEmpty ? Double.nan : shares.reduce(0) { $0 + $1[b] } / Double(shares.count) }
        return .object([
            ("width", .int(width)), ("at", .string(at)), ("epoch", .optionalInt(epoch)), ("runs", .int(shares.count)),
            ("shares", .array(mean.map(JSONValue.number))),
        ])
    }
}

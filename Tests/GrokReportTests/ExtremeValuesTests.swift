import Foundation
import GrokConfig
import GrokProbe
import GrokReport
import GrokReportModel
import GrokTasks
import Testing

/// Analysis and renderings are total functions over every finite input: whatever a
/// result holds — values the validator would refuse included, since a journal from another
/// version or a bug upstream must not brick a folder — building report.json and writing every
/// rendering finishes, with no trap, no endless loop and no allocation proportional to a value.
///
/// A seeded generator of cases, not a property-testing library: the interesting inputs are a
/// short, known list (±1e308, 5e-324, −0.0, the caps, constant series, one seed, one width),
/// and combining them from a fixed seed keeps every failing case reproducible by its index.
@Suite("Extreme finite values: the analysis and every rendering still write their files", .serialized)
struct ExtremeValuesTests {
    static let extremes: [Double] = [1e308, -1e308, .greatestFiniteMagnitude, 5e-324, -5e-324, -0.0, 0, 1, 1e6, 1e-300, 123_456_789.123]

    /// One change to every result of a case.
    enum Change: CaseIterable {
        case lossAll, lossOne, giniAll, accuracyAll, sizesAtCap, sizesOne, sizesZero, noOnset, onsetZero, onsetLast, testAccuracy
    }

    static func apply(_ change: Change, _ x: Double, to r: inout TaskResult, snapshot: Int) {
        switch change {
        case .lossAll: r.loss = r.loss.map { _ in x }
        case .lossOne: r.loss[snapshot % r.loss.count] = x
        case .giniAll: r.gini = r.gini.map { _ in x }
        case .accuracyAll: r.accuracy = r.accuracy.map { _ in x }
        case .testAccuracy: r.testAccuracy = r.loss.map { _ in x }
        case .sizesAtCap, .sizesOne, .sizesZero:
            for t in r.topologies.indices {
                for f in r.topologies[t].gradient.indices {
                    r.topologies[t].gradient[f].cascades = r.topologies[t].gradient[f].cascades.map { c in
                        switch change {
                        case .sizesAtCap: return Cascade(size: 1 << 40, extent: r.parameterCount, duration: 1 << 40)
                        case .sizesOne: return Cascade(size: 1, extent: 1, duration: 1)
                        default: return Cascade(size: 0, extent: 0, duration: 0)
                        }
                    }
                }
            }
        case .noOnset: r.onsetEpoch = nil
        case .onsetZero: r.onsetEpoch = 0
        case .onsetLast: r.onsetEpoch = r.snapshotEpochs.last
        }
    }

    /// A SplitMix64 step: the cases depend on the seed alone.
    static func next(_ state: inout UInt64) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_CE4E_5B9B
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }

    /// Writes the whole report of `results` and checks that every file is there.
    static func writesEverything(_ config: SweepConfig, _ results: [TaskResult], _ label: String) throws {
        let report = ReportBuilder.build(config: config, results: results, failures: [], provenance: Provenance(gitCommit: nil, hostCount: 1))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-extreme-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ReportFolder.write(report, results: results, into: folder)
        for name in ["report.json", "report.html", "report.md", "runs.csv", "avalanches.csv.gz", "plots/d_tau.svg", "plots/loss.svg"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            #expect(size > 0, "\(label): \(name) missing or empty")
        }
    }

    @Test("60 seeded combinations of extreme values over the small grid write every file")
    func seededCombinations() throws {
        var state: UInt64 = 19
        let base = Fixture.outcome.results
        for i in 0..<60 {
            var results = base
            var label = "case \(i):"
            for _ in 0..<(1 + Self.next(&state) % 3) {
                let change = Change.allCases[Self.next(&state) % Change.allCases.count]
                let x = Self.extremes[Self.next(&state) % Self.extremes.count]
                let snapshot = Self.next(&state)
                label += " \(change)=\(x)"
                for k in results.indices { Self.apply(change, x, to: &results[k], snapshot: snapshot) }
            }
            try Self.writesEverything(Fixture.config, results, label)
        }
    }

    @Test("one seed, one width, and constant series (all-equal, all-zero) write every file")
    func degenerateGrids() throws {
        var oneSeed = Fixture.config
        oneSeed.seeds = 1
        try Self.writesEverything(oneSeed, Fixture.outcome.results.filter { $0.task.seedIndex == 0 }, "one seed")
        var oneWidth = Fixture.config
        oneWidth.widths = [20]
        try Self.writesEverything(oneWidth, Fixture.outcome.results.filter { $0.task.width == 20 }, "one width")
        for x in [0.0, 1e308, 5e-324] {
            var constant = Fixture.outcome.results
            for k in constant.indices {
                constant[k].loss = constant[k].loss.map { _ in x }
                constant[k].gini = constant[k].gini.map { _ in min(x, 1) }
                Self.apply(.sizesOne, 0, to: &constant[k], snapshot: 0)
            }
            try Self.writesEverything(Fixture.config, constant, "constant \(x)")
        }
    }
}

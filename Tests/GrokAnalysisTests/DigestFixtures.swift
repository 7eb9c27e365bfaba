import Foundation
import GrokAnalysis
import GrokNumerics

/// Small irregular grids for the digest tests: several widths, random onsets (some runs never
/// grok), irregular and repeated snapshot epochs, sizes with many ties and zeros, extents that
/// saturate at N, a run without cascades and a run of zeros.
enum DigestFixtures {
    static func grid(widths: [Int], seeds: Int, stream: UInt64, ungrokkedShare: Double = 0.2) -> [RunCascades] {
        var out: [RunCascades] = []
        for n in widths {
            let lnN = Elementary.log(Double(n))
            for seed in 0..<seeds {
                var rng = RandomStream(baseSeed: stream, labels: ["digest-grid", .int(n), .int(seed)])
                let onset: Int? = rng.nextUniform() < ungrokkedShare ? nil : 400 + rng.nextInt(below: 2000)
                var cascades: [CascadeRecord] = []
                for epoch in stride(from: 0, to: 4000, by: 50) where rng.nextUniform() < 0.8 {
                    // Now and then two cascades share a snapshot epoch.
                    for _ in 0..<(rng.nextUniform() < 0.1 ? 2 : 1) {
                        let d = onset.map { epoch < $0 ? 0.6 : 0.9 } ?? 0.6
                        let s = Swift.max(0, Int((Elementary.exp(d * lnN + 0.8 * rng.nextGaussian()) - 2).rounded(.down)))
                        let extent = rng.nextUniform() < 0.06 ? n : Swift.min(n, s / 2 + rng.nextInt(below: 3))
                        cascades.append(CascadeRecord(epoch: epoch, size: s, extent: extent, duration: rng.nextInt(below: 6)))
                    }
                }
                // One run without cascades (every probe failed) and one whose cascades are all of size 0.
                if n == widths[1] && seed == 1 { cascades = [] }
                if n == widths[2] && seed == 2 { cascades = cascades.map { CascadeRecord(epoch: $0.epoch, size: 0, extent: 0, duration: 0) } }
                out.append(RunCascades(parameterCount: n, seedIndex: seed, onsetEpoch: onset, cascades: cascades))
            }
        }
        return out
    }

    /// Many snapshots (every 5 epochs) with few distinct sizes: the digests keep sums, not readings.
    static func repeating(widths: [Int], seeds: Int, stream: UInt64) -> [RunCascades] {
        widths.flatMap { n in
            (0..<seeds).map { seed -> RunCascades in
                var rng = RandomStream(baseSeed: stream, labels: ["digest-repeating", .int(n), .int(seed)])
                let onset: Int? = seed == 0 ? nil : 1000 + rng.nextInt(below: 3000)
                let top = 3 + n / 20
                let cascades = stride(from: 0, to: 8000, by: 5).map { epoch -> CascadeRecord in
                    let s = rng.nextInt(below: onset.map { epoch < $0 ? top : 2 * top } ?? top)
                    return CascadeRecord(epoch: epoch, size: s, extent: rng.nextUniform() < 0.05 ? n : s / 3, duration: 1)
                }
                return RunCascades(parameterCount: n, seedIndex: seed, onsetEpoch: onset, cascades: cascades)
            }
        }
    }

    static let gridD = repeating(widths: [41, 81, 161, 321], seeds: 4, stream: 4)
    static let gridA = grid(widths: [41, 81, 161, 321], seeds: 6, stream: 1)
    static let gridB = grid(widths: [21, 61, 121, 241, 481], seeds: 5, stream: 2, ungrokkedShare: 0.3)
    static let gridC = grid(widths: [41, 81, 161, 321], seeds: 5, stream: 3, ungrokkedShare: 0)

    static func optionsA() -> ScalingOptions {
        var o = ScalingOptions(bootstrapResamples: 300, seed: 11, streamLabels: ["digest", "a"])
        o.collapseResamples = 20
        o.gofResamples = 5
        return o
    }

    static func optionsB() -> ScalingOptions {
        var o = ScalingOptions(statistic: .median, windowWidth: 300, bootstrapResamples: 200, seed: 12, streamLabels: ["digest", "b"])
        o.preWindow = 600
        o.postWindow = 1500
        o.crossingWindow = 150
        o.minimumRunsPerWidth = 2
        o.collapseResamples = 10
        o.gofResamples = 3
        return o
    }

    /// A bit-exact fingerprint of an analysis result: its JSON with sorted keys (Swift writes
    /// each double as its shortest round-trip form, so equal text is equal bits), FNV-1a hashed.
    static func fingerprint<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // The per-width intervals of S came after these pins were taken: left out, so that the
        // pins still hold every value that existed then, bit for bit.
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            .replacingOccurrences(of: #""s(Pre|Post)Interval":\[[^\]]*\],"#, with: "", options: .regularExpression)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }
}

/// LeadTimeEstimate's fields, encodable for ``DigestFixtures/fingerprint(_:)``.
struct LeadFingerprint: Encodable {
    var value: Int?, ci: [Double], warningShare: Double, resamples: Int, grokked: [DTauWindow], reference: [DTauWindow]
    init(_ e: LeadTimeEstimate) {
        value = e.value; ci = e.ci; warningShare = e.warningShare; resamples = e.resamples
        grokked = e.grokkedBands; reference = e.referenceBands
    }
}

/// The pinned cases: each analysis of the fixtures, by name.
enum DigestCases {
    static let names = [
        "gradient-A-mean", "gradient-B-median", "control-A-mean", "control-B-median", "lead-A-C",
        "gradient-D-mean", "gradient-D-median", "control-D-median", "step-A-mean", "step-B-median",
    ]

    static func fingerprint(_ name: String) throws -> String {
        switch name {
        case "gradient-A-mean":
            return try DigestFixtures.fingerprint(ScalingAnalysis.gradient(DigestFixtures.gridA, options: DigestFixtures.optionsA()))
        case "gradient-B-median":
            return try DigestFixtures.fingerprint(ScalingAnalysis.gradient(DigestFixtures.gridB, options: DigestFixtures.optionsB()))
        case "control-A-mean":
            return try DigestFixtures.fingerprint(ScalingAnalysis.control(DigestFixtures.gridA, options: DigestFixtures.optionsA()))
        case "control-B-median":
            return try DigestFixtures.fingerprint(ScalingAnalysis.control(DigestFixtures.gridB, options: DigestFixtures.optionsB()))
        case "gradient-D-mean":
            return try DigestFixtures.fingerprint(ScalingAnalysis.gradient(DigestFixtures.gridD, options: DigestFixtures.optionsA()))
        case "gradient-D-median":
            var o = DigestFixtures.optionsB()
            o.minimumRunsPerWidth = 2
            return try DigestFixtures.fingerprint(ScalingAnalysis.gradient(DigestFixtures.gridD, options: o))
        case "control-D-median":
            return try DigestFixtures.fingerprint(ScalingAnalysis.control(DigestFixtures.gridD, options: DigestFixtures.optionsB()))
        case "step-A-mean": return try DigestFixtures.fingerprint(ScalingAnalysis.perStep(DigestFixtures.gridA, options: DigestFixtures.optionsA()))
        case "step-B-median": return try DigestFixtures.fingerprint(ScalingAnalysis.perStep(DigestFixtures.gridB, options: DigestFixtures.optionsB()))
        default:
            var o = DigestFixtures.optionsA()
            o.bootstrapResamples = 60
            let e = EarlyWarning.estimate(
                grokked: DigestFixtures.gridC, reference: DigestFixtures.gridA.filter { $0.onsetEpoch != nil },
                options: o, resamples: 6, innerResamples: 30)
            return try DigestFixtures.fingerprint(LeadFingerprint(e))
        }
    }
}

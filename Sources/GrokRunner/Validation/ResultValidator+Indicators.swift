import GrokTasks
import GrokTraining

/// The checks of what `indicators.enabled` and `probe.branching` add to a result.
extension ResultValidator {
    /// Indicator series: present exactly when expected, known names once each, one finite value
    /// per snapshot, each within what the indicator can honestly be.
    static func indicatorProblem(_ r: TaskResult, expected e: ExpectedResult) -> String? {
        guard let series = r.indicators else {
            return e.indicators ? "no indicator series, though the configuration records them (indicators.enabled = true)" : nil
        }
        guard e.indicators else { return "indicator series the configuration did not ask for (indicators.enabled = false)" }
        var seen: Set<String> = []
        let n = e.snapshotEpochs.count
        for s in series {
            guard let name = IndicatorName(rawValue: s.name) else {
                return
                    "unknown indicator \(s.name.prefix(40).debugDescription); known: \(IndicatorName.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            guard seen.insert(s.name).inserted else { return "indicator \(s.name) appears twice" }
            guard s.values.count == n else { return "indicator \(s.name) has \(s.values.count) values, one per snapshot (\(n)) expected" }
            if let i = s.values.firstIndex(where: { !$0.isFinite || !admits(name, $0, e) }) {
                return "indicator \(s.name)[\(i)] = \(s.values[i]) is outside its range (\(rangeText(name, e)))"
            }
        }
        return nil
    }

    static func admits(_ name: IndicatorName, _ v: Double, _ e: ExpectedResult) -> Bool {
        switch name {
        case .weightNorm, .featureDimension, .restrictedLoss, .excludedLoss: v >= 0
        case .smallWeights, .margin, .fourierGini, .invertedAccuracy, .teacherOverlap, .teacherPhi0, .teacherPhi1, .teacherPhi2, .teacherPhi3,
            .teacherPhi4, .teacherPhi5: v >= 0 && v <= 1
        case .gradientPCA: v >= 0 && v <= Double(e.pcaSamples) && v == v.rounded()
        case .llc: true
        }
    }

    static func rangeText(_ name: IndicatorName, _ e: ExpectedResult) -> String {
        switch name {
        case .weightNorm, .featureDimension, .restrictedLoss, .excludedLoss: "≥ 0"
        case .smallWeights, .margin, .fourierGini, .invertedAccuracy, .teacherOverlap, .teacherPhi0, .teacherPhi1, .teacherPhi2, .teacherPhi3,
            .teacherPhi4, .teacherPhi5: "[0, 1]"
        case .gradientPCA: "a whole number in [0, \(e.pcaSamples)]"
        case .llc: "finite"
        }
    }

    /// First waves: every cascade with topplings carries one in [1, min(size, N)] when asked
    /// (1 exactly for a seeded avalanche), and none carries one otherwise.
    static func firstWaveProblem(_ field: FieldCascades, expected e: ExpectedResult) -> String? {
        let perSeed = e.cascadesPerField.upperBound > 1
        for (j, c) in field.cascades.enumerated() {
            guard let a = c.firstWave else {
                if e.branching && c.size > 0 { return "cascade \(j): no first wave, though probe.branching = true" }
                continue
            }
            guard e.branching else { return "cascade \(j): a first wave the configuration did not ask for (probe.branching = false)" }
            if c.size == 0 { return "cascade \(j): a first wave for a cascade without topplings" }
            if a < 1 || a > min(c.size, e.parameterCount) || (perSeed && a != 1) {
                return
                    "cascade \(j): first wave \(a) is outside [1, min(size \(c.size), N \(e.parameterCount))]\(perSeed ? " (a seeded avalanche starts with 1)" : "")"
            }
        }
        return nil
    }
}

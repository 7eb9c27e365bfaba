/// Named starting points for a configuration.
extension SweepConfig {
    public static let presetNames = ["default", "paper", "modadd", "parity", "timing", "wide", "warning", "warning_xor", "ising", "teacher", "ball"]

    public static func preset(named name: String) -> SweepConfig? {
        switch name {
        case "default": return SweepConfig()
        case "paper": return .paper
        case "modadd": return .modularAddition
        case "parity": return .sparseParity
        case "timing": return .timing
        case "wide": return .wide
        case "warning": return .warning
        case "warning_xor": return .warningXOR
        case "ising": return .ising
        case "teacher": return .teacher
        case "ball": return .ball
        default: return nil
        }
    }

    /// The combination closest to the paper's (D_pre 0.90, D_post 1.20, D_synth 0.99) in an
    /// independent NumPy reconstruction (docs/method.md §5: 0.91 / 1.20 / 0.97): squared loads, the
    /// mean-extent statistic, BA with m = 4 and these widths.
    public static var paper: SweepConfig {
        var config = SweepConfig()
        config.preset = "paper"
        config.probe.loads = .square
        config.analysis.statistic = .extent
        config.graphs.baM = 4
        config.training.initStd = 0.1
        config.probe.conservation = 0.9
        config.probe.quantile = 0.9
        config.widths = [20, 50, 100, 150, 200, 300, 400, 500]
        return config
    }
}

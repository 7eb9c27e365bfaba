/// Input the analysis cannot interpret. Degenerate but well-formed input (too few widths, a
/// width whose sizes are all equal) is not an error: it yields non-finite estimates instead.
public enum AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    case noRuns
    case invalidParameterCount(Int)
    case duplicateRun(parameterCount: Int, seedIndex: Int)
    case negativeReading(parameterCount: Int, seedIndex: Int, epoch: Int)
    case invalidOption(String)
    /// A ``RunDigest`` folded for one analysis (gradient, control) passed to the other.
    case digestKind(parameterCount: Int, seedIndex: Int, folded: String, requested: String)
    /// A ``RunDigest`` folded under an option value the analysis does not use.
    case digestOptions(parameterCount: Int, seedIndex: Int, option: String, folded: String, requested: String)
    /// ``RunDigest/aligned(atOnset:)`` on a run that already has an onset.
    case notAlignable(parameterCount: Int, seedIndex: Int, onsetEpoch: Int?)

    public var description: String {
        switch self {
        case .noRuns:
            return "scaling analysis got no runs: pass at least one RunCascades per width"
        case .invalidParameterCount(let n):
            return "parameter count \(n) is not positive: pass N = 4h + 1 of the run's network"
        case .duplicateRun(let n, let s):
            return "run (N = \(n), seed \(s)) appears twice: pass each (width, seed) run once per topology"
        case .negativeReading(let n, let s, let e):
            return "run (N = \(n), seed \(s)) has a negative size, extent or duration at epoch \(e): cascades count topplings, check the probe output"
        case .invalidOption(let what):
            return "invalid scaling option: \(what)"
        case .digestKind(let n, let s, let folded, let requested):
            return
                "run (N = \(n), seed \(s)) was folded for the \(folded) analysis and cannot enter the \(requested) one: fold it with RunDigest(\(requested):options:)"
        case .digestOptions(let n, let s, let option, let folded, let requested):
            return
                "run (N = \(n), seed \(s)) was folded with \(option) = \(folded) but the analysis uses \(option) = \(requested): fold the run again with the analysis's options"
        case .notAlignable(let n, let s, let onset):
            return "run (N = \(n), seed \(s)) "
                + (onset.map { "already has an onset at epoch \($0): only an ungrokked run is aligned at its width's median t_g" }
                    ?? "keeps no readings to align: fold it with RunDigest(gradient:options:)")
        }
    }
}

/// Why a `TrainingConfig` cannot be run. Each case names the field and the allowed values.
public enum TrainingConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    case hiddenWidth(Int)
    case epochs(Int)
    case learningRate(Double)
    case initStd(Double)
    case snapshotInterval(Int)

    /// The offending field's name, as spelled in `TrainingConfig`.
    public var field: String {
        switch self {
        case .hiddenWidth: return "hiddenWidth"
        case .epochs: return "epochs"
        case .learningRate: return "learningRate"
        case .initStd: return "initStd"
        case .snapshotInterval: return "snapshotInterval"
        }
    }

    public var description: String {
        switch self {
        case .hiddenWidth(let h):
            return "hiddenWidth is \(h): the hidden layer needs at least 1 unit (set hiddenWidth ≥ 1)"
        case .epochs(let e):
            return "epochs is \(e): it must be 0 or more (0 evaluates the initial network only)"
        case .learningRate(let lr):
            return "learningRate is \(lr): it must be a finite number greater than 0"
        case .initStd(let s):
            return "initStd is \(s): the weights' initial standard deviation must be finite and greater than 0"
        case .snapshotInterval(let i):
            return "snapshotInterval is \(i): snapshots need an interval of at least 1 epoch"
        }
    }
}

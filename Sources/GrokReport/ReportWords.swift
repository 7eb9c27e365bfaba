import GrokConfig

/// The words a rendered report uses for its time axis, its training curves and numbers that have
/// no meaning. A sweep trains the XOR MLP for epochs with binary cross-entropy and records
/// training accuracy and the Gini of |θ|; a report of user runs (`fit`, `serve`: report.json has
/// a `source` block) counts steps, and its curves are whatever the runs recorded, under the names
/// they gave. Task-local and bound while a document renders, so that only a user-runs report
/// reads differently: the sweep's renderings keep their exact bytes without a parameter threaded
/// through every call site.
public struct ReportWords: Sendable {
    /// "epoch" / "step", and the plural.
    public var unit: String
    public var units: String
    public var lossAxis: String
    public var lossCaption: String
    public var accuracyAxis: String
    public var accuracyCaption: String
    /// Curves and onsets the runs recorded (a sweep records all of them).
    public var hasLoss = true
    public var hasAccuracy = true
    public var hasOnset = true
    public var hasGini = true
    /// User runs: an estimate without a value prints "n/a" (or "unconstrained" when resamples
    /// spread anyway), never "n/a ± 47 [−196, −61]"; one run per size prints "no interval".
    public var strictNumbers = false
    public var oneRunPerSize = false

    public static let sweep = ReportWords(
        unit: "epoch", units: "epochs",
        lossAxis: "training loss (mean binary cross-entropy, nats)", lossCaption: "Training loss (binary cross-entropy)",
        accuracyAxis: "training accuracy (fraction correct)", accuracyCaption: "Training accuracy")

    /// A grid whose every task is a user's program: steps, and the curves the program recorded
    /// (by the program-task contract, its training loss and its test accuracy).
    public static let program = ReportWords(
        unit: "step", units: "steps",
        lossAxis: "training loss (as the program recorded it)", lossCaption: "Training loss (as the program recorded it)",
        accuracyAxis: "accuracy (the program's test accuracy)", accuracyCaption: "Accuracy (the program's test accuracy)")

    static func isProgramGrid(_ report: JSONValue) -> Bool {
        guard let config = report["config"], case .object(let programs)? = config["programs"],
            case .array(let tasks)? = config["tasks"], !tasks.isEmpty
        else { return false }
        return tasks.allSatisfy { task in programs.contains { $0.0 == task.string } }
    }

    @TaskLocal public static var current = ReportWords.sweep

    /// The words of `report`: the sweep's, unless it is a report of user runs.
    public static func of(_ report: JSONValue) -> ReportWords {
        if isProgramGrid(report) { return .program }
        guard let source = report["source"], source["kind"]?.string != nil else { return .sweep }
        let loss = source["loss_name"]?.string, accuracy = source["accuracy_name"]?.string
        var words = ReportWords(
            unit: "step", units: "steps",
            lossAxis: loss ?? "loss (as recorded)", lossCaption: loss.map { "Loss (\($0))" } ?? "Loss (as recorded)",
            accuracyAxis: accuracy ?? "accuracy (as recorded)", accuracyCaption: accuracy.map(capitalized) ?? "Accuracy (as recorded)")
        let recorded = source["recorded"]
        words.hasLoss = recorded?["loss"]?.bool ?? true
        words.hasAccuracy = recorded?["accuracy"]?.bool ?? true
        words.hasOnset = recorded?["onset"]?.bool ?? true
        words.hasGini = recorded?["gini"]?.bool ?? false
        words.strictNumbers = true
        words.oneRunPerSize = source["one_run_per_size"]?.bool ?? false
        return words
    }

    /// "τ = epoch − t_g (epochs)" / "τ = step − t_g (steps)".
    public var tauAxis: String { "τ = \(unit) − t_g (\(units))" }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

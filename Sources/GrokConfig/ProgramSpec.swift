import Foundation
import GrokTasks

/// A user's training program as a grid task (`[programs.NAME]` in the configuration): a command
/// line with placeholders that trains one run and records its gradient snapshots with the Python
/// package (the run-folder format of `grokscale fit`). A group whose task is NAME runs it; the
/// worker probes what it recorded exactly as it probes a built-in task's gradients.
///
/// The program's identity is its command, its environment, its limits and the SHA-256 of its
/// script: all of them enter the configuration hash, so a changed script is a different sweep.
public struct ProgramSpec: Sendable, Hashable {
    /// The task name the `tasks` axis uses: lowercase letters, digits and `_` (no `-`, which
    /// separates the parts of a task key).
    public var name: String
    /// argv; every element may hold placeholders (``placeholders``). The first is looked up on PATH.
    public var command: [String]
    /// The program's script, as written (relative to the configuration file) until resolved,
    /// then absolute; "" when the command needs no script.
    public var script: String = ""
    /// SHA-256 (hex) of the script's bytes, filled in when the configuration is loaded from its
    /// file; a worker refuses to run a script whose bytes hash differently.
    public var scriptSHA256: String = ""
    /// "NAME=value" entries added to the worker's environment.
    public var environment: [String] = []
    /// A run still going after this long is killed and reported as a FAILURE.
    public var timeoutSeconds: Int = 3600
    /// Whether two runs with the same arguments give the same bytes (CPU programs should). When
    /// false, replicated results are compared within ``tolerance`` instead of byte for byte.
    public var deterministic = true
    /// Relative tolerance of a non-deterministic program's replication check.
    public var tolerance: Double = 0
    /// Whether the program needs a GPU: such groups are leased only to workers that report one.
    public var requiresGPU = false

    public init(name: String, command: [String]) {
        self.name = name
        self.command = command
    }

    /// Every placeholder a command may use, with what it becomes.
    public static let placeholders: [(name: String, meaning: String)] = [
        ("width", "the run's width (the finite-size axis)"),
        ("seed", "the run's integer seed, derived from the sweep's seed and the seed index"),
        ("seed_index", "the seed index 0 … seeds − 1"),
        ("out", "the folder the program records its run into"),
        ("script", "the absolute path of the program's script"),
        ("epochs", "training.epochs: the last step to record"),
        ("snapshot_interval", "training.snapshot_interval: record steps 0, k, 2k, … ≤ epochs"),
        ("learning_rate", "training.learning_rate"),
        ("optimizer", "the group's optimizer"),
        ("regularizer", "the group's regularizer"),
        ("weight_decay", "the group's weight decay λ"),
        ("device", "\"cpu\", or the GPU the worker chose (e.g. \"cuda:0\") for a program that requires one"),
    ]

    public static let keys = ["command", "script", "script_sha256", "environment", "timeout_seconds", "deterministic", "tolerance", "requires_gpu"]

    /// Whether `name` can be a program's name.
    public static func isValidName(_ name: String) -> Bool { TaskGroup.isValidProgramName(name) }

    /// The command with every `{placeholder}` replaced. Unknown placeholders were refused when
    /// the configuration was read, so every brace pair here has a value.
    public func argv(values: [String: String]) -> [String] {
        command.map { arg in
            var out = arg
            for (key, value) in values { out = out.replacingOccurrences(of: "{\(key)}", with: value) }
            return out
        }
    }

    /// The names inside `{…}` in `text`.
    static func placeholderNames(in text: String) -> [String] {
        var names: [String] = []
        var current: String? = nil
        for ch in text {
            if ch == "{" {
                current = ""
            } else if ch == "}" {
                if let c = current { names.append(c) }
                current = nil
            } else if current != nil {
                current!.append(ch)
            }
        }
        return names
    }

    /// The relations a program's keys must satisfy, as a sentence naming the key.
    func problem() -> (key: String, message: String)? {
        if command.isEmpty {
            return (
                "command",
                "needs at least the program to run, e.g. [\"python3\", \"{script}\", \"--width\", \"{width}\", \"--seed\", \"{seed}\", \"--out\", \"{out}\"]"
            )
        }
        let known = Set(Self.placeholders.map(\.name))
        for arg in command {
            for name in Self.placeholderNames(in: arg) where !known.contains(name) {
                return (
                    "command", "unknown placeholder {\(name)}; placeholders are \(Self.placeholders.map { "{\($0.name)}" }.joined(separator: ", "))"
                )
            }
        }
        if !command.contains(where: { $0.contains("{out}") }) {
            return ("command", "never passes {out}: the program must be told where to record its run")
        }
        if command.contains(where: { $0.contains("{script}") }) && script.isEmpty {
            return ("script", "the command uses {script} but no script is named; add script = \"train.py\" (relative to the configuration file)")
        }
        for entry in environment {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
                return ("environment", "\"\(entry)\" is not NAME=value")
            }
        }
        if !deterministic && !(tolerance > 0) {
            return ("tolerance", "a non-deterministic program needs a relative tolerance > 0 for its replication check (e.g. 0.05)")
        }
        if deterministic && tolerance != 0 {
            return (
                "tolerance", "only a program with deterministic = false is compared within a tolerance; remove tolerance or set deterministic = false"
            )
        }
        return nil
    }
}

import ArgumentParser

/// Every exit status of every grokscale command: one table (README, `grokscale --help`).
///
/// Modelled on BSD sysexits(3), so that a batch script can tell "fix your arguments" (64) from
/// "fix your data" (65, 78) from "try again later" (69, 75) without parsing messages.
enum ExitStatus: Int32, CaseIterable, Sendable {
    /// The command did what it was asked.
    case success = 0
    /// A runtime error that no other row describes.
    case failure = 1
    /// The sweep finished, but some tasks failed `max_attempts` times; the report names them.
    case tasksFailed = 3
    /// A worker gave up: it never reached a coordinator, or was quarantined.
    case workerGaveUp = 4
    /// `report`/`status`/`verify`: the sweep is not finished or the folder holds damaged rows (the output says which).
    case incomplete = 5
    /// Bad command-line arguments or options (usage text is printed).
    case usage = 64
    /// Bad input data: a malformed field, edge list, manifest or result; damaged journal rows.
    case dataError = 65
    /// An input file or folder does not exist or cannot be read.
    case noInput = 66
    /// A port is in use or a peer cannot be reached.
    case unavailable = 69
    /// An output cannot be written (disk full, permissions); nothing committed was lost.
    case cannotWrite = 73
    /// The output folder is locked by another running coordinator (its PID is printed); try again later.
    case locked = 75
    /// The configuration is refused (bad key or value), or the folder belongs to another configuration.
    case config = 78
    /// Stopped by SIGINT/SIGTERM before finishing; run the same command to resume.
    case interrupted = 130

    var meaning: String {
        switch self {
        case .success: return "success"
        case .failure: return "runtime error not listed below"
        case .tasksFailed: return "sweep finished with failed tasks (the report names them)"
        case .workerGaveUp: return "worker gave up (no coordinator reached, or quarantined)"
        case .incomplete: return "sweep unfinished, or damaged journal rows found (report, status, verify)"
        case .usage: return "bad arguments or options"
        case .dataError: return "bad input data (field, edge list, manifest, result, damaged journal)"
        case .noInput: return "input file or folder missing or unreadable"
        case .unavailable: return "port in use or peer unreachable"
        case .cannotWrite: return "output cannot be written (disk full, permissions); nothing committed is lost"
        case .locked: return "output folder locked by another coordinator"
        case .config: return "configuration refused, or folder of another configuration"
        case .interrupted: return "stopped by a signal; run the same command to resume"
        }
    }

    /// The table as text, for `--help` discussions and the README.
    static var table: String {
        allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.meaning)" }.joined(separator: "\n")
    }

    var exitCode: ExitCode { ExitCode(rawValue) }
}

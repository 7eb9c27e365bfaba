import GrokConfig
import GrokCoordinator

/// Maps the errors of a coordinator, `run`, `report` or `repair` to the exit-status table:
/// runtime errors never print usage text.
enum RuntimeErrors {
    static func cliError(_ error: Error) -> Error {
        switch error {
        case let e as CLIError: return e
        case let e as JournalError:
            switch e.kind {
            case .otherConfiguration: return CLIError(e.description, status: .config)
            case .damaged: return CLIError(e.description, status: .dataError)
            case .locked: return CLIError(e.description, status: .locked)
            case .cannotWrite: return CLIError(e.description, status: .cannotWrite)
            case .noInput: return CLIError(e.description, status: .noInput)
            case .other: return CLIError(e.description, status: .failure)
            }
        case let e as CoordinatorStartError: return CLIError(e.description, status: e.addressInUse ? .unavailable : .failure)
        case let e as ConfigError: return CLIError("\(e)", status: .config)
        default: return CLIError("\(error)", status: .failure)
        }
    }
}

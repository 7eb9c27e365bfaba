/// The values of the task knobs of a sweep (configuration section `[task]`), by knob name. Only
/// values that differ from the declared default are stored, so two sweeps with the same effective
/// knobs compare equal. Each task reads its own knobs (see the `TaskKnobs` extension in its folder).
public struct TaskKnobs: Sendable, Hashable {
    private var values: [String: Double] = [:]

    public init() {}

    /// The value of the knob `name` (its declared default when unset). Precondition: some
    /// registered task declares `name`.
    public subscript(name: String) -> Double {
        get {
            if let value = values[name] { return value }
            guard let knob = TaskCatalog.knob(named: name) else { preconditionFailure("no task declares the knob \"\(name)\"") }
            return knob.defaultValue
        }
        set {
            guard let knob = TaskCatalog.knob(named: name) else { preconditionFailure("no task declares the knob \"\(name)\"") }
            values[name] = knob.defaultValue == newValue ? nil : newValue
        }
    }

    /// An integer knob's value.
    public func integer(_ name: String) -> Int { Int(self[name]) }
}

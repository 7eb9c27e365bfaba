/// One knob a task declares (configuration key `task.<name>`): its type, range, default and
/// documentation. The configuration's keys, `config --example` and validation are generated
/// from these declarations, so a task's knobs live in the task's own folder.
public struct TaskKnob: Sendable {
    public enum Kind: Sendable {
        /// An integer in `min … max`.
        case integer(min: Int, max: Int)
        /// A finite real for which `valid` holds; `rule` says which in words ("in (0, 1)").
        case real(rule: String, valid: @Sendable (Double) -> Bool)
    }

    /// The key under `[task]`, e.g. "modadd_p".
    public var name: String
    public var kind: Kind
    /// The value when the configuration does not set the key (integers are stored exactly).
    public var defaultValue: Double
    public var documentation: String

    public static func integer(_ name: String, default value: Int, min: Int, max: Int = .max, _ documentation: String) -> TaskKnob {
        TaskKnob(name: name, kind: .integer(min: min, max: max), defaultValue: Double(value), documentation: documentation)
    }

    public static func real(
        _ name: String, default value: Double, _ rule: String, _ valid: @escaping @Sendable (Double) -> Bool, _ documentation: String
    ) -> TaskKnob {
        TaskKnob(name: name, kind: .real(rule: rule, valid: valid), defaultValue: value, documentation: documentation)
    }

    public var isInteger: Bool {
        if case .integer = kind { return true }
        return false
    }

    /// Why `value` is not allowed, or nil when it is.
    public func problem(with value: Double) -> String? {
        switch kind {
        case .integer(let min, let max):
            guard value == value.rounded(), value >= Double(min), value <= Double(max) else {
                let found = GridValueText.of(value)
                return max == .max ? "must be at least \(min), found \(found)" : "must be between \(min) and \(max), found \(found)"
            }
            return nil
        case .real(let rule, let valid):
            return value.isFinite && valid(value) ? nil : "must be \(rule), found \(value)"
        }
    }

    /// The range in words, for `config --example` and the docs.
    public var range: String {
        switch kind {
        case .integer(let min, let max): return max == .max ? "≥ \(min)" : "\(min) … \(max)"
        case .real(let rule, _): return rule
        }
    }
}

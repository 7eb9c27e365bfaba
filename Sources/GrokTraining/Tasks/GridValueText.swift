/// How grid and knob values are spelled in group keys, stream labels, binary records and knob
/// messages: a whole number as an integer ("2", not "2.0"), any other value as Swift's shortest
/// round-trip description ("0.005", "1e-05"). Part of the key bytes: one spelling everywhere.
public enum GridValueText {
    public static func of(_ x: Double) -> String {
        if x == x.rounded(), x.magnitude < 1e15 { return String(Int(x)) }
        return x.description
    }
}

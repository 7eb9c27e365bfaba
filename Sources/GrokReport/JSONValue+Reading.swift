import GrokConfig

/// Read-side conveniences: the report is plotted straight from its JSON, so every plot shows
/// exactly what report.json says.
extension JSONValue {
    var double: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    var int: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var array: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var pairs: [(String, JSONValue)] {
        if case .object(let p) = self { return p }
        return []
    }

    /// The interval of an estimate, whatever its level ("ci95", "ci90", …).
    var interval: (lo: Double, hi: Double)? {
        guard let ci = pairs.first(where: { $0.0.hasPrefix("ci") })?.1.array, ci.count == 2,
            let lo = ci[0].double, let hi = ci[1].double
        else { return nil }
        return (lo, hi)
    }
}

import GrokConfig

/// The width h behind each parameter count N in one analysed set of runs. The fits key widths
/// by N; the report names them by h too. N(h) is the task's (4h + 1 for XOR, 3ph for modadd,
/// (n + 2)h + 1 for parity, …), so the map is read off the runs themselves, never assumed.
struct WidthLookup: Sendable, Hashable {
    private var widthOfN: [Int: Int] = [:]

    /// No runs: every N renders as an unknown width (null).
    static let unknown = WidthLookup()

    init() {}

    /// From the runs of the set (N and width of each).
    init(results: [RunRecord]) {
        for r in results { widthOfN[r.parameterCount] = r.task.width }
    }

    /// The width of N, or nil when no run of the set has N parameters.
    func width(_ n: Int) -> Int? { widthOfN[n] }

    /// The width of N as a report value (null when unknown).
    func json(_ n: Int) -> JSONValue { widthOfN[n].map(JSONValue.int) ?? .null }

    /// The width of N as text ("N = 641" when unknown).
    func text(_ n: Int) -> String { widthOfN[n].map(String.init) ?? "N = \(n)" }
}

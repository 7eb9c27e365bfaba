import Foundation

/// This process's peak resident set size (the kernel's high-water mark), for bench figures and
/// for the tests that bound the analysis's memory.
public enum PeakMemory {
    /// VmHWM from /proc/self/status in MB (getrusage's ru_maxrss where /proc is missing).
    public static func megabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kb / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Resets the high-water mark to the current RSS (Linux ≥ 4.0: write 5 to clear_refs), so a
    /// later reading measures one phase; false where that is not possible.
    @discardableResult
    public static func reset() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }
}

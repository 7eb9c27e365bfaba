import Foundation

/// A child process of `grokscale bench` (the Python comparison scripts, the C compiler and the C
/// references), run to its end with its output captured.
enum BenchProcess {
    struct Outcome {
        let status: Int32
        let output: Data
        /// Standard error, for the "skipped: …" message of a failed run.
        let errors: String
    }

    /// Runs `executable` with `arguments`; the failure is why it could not start.
    static func run(_ executable: String, _ arguments: [String]) -> Result<Outcome, any Error> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return .failure(error) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return .success(Outcome(status: process.terminationStatus, output: data, errors: message))
    }
}

import Foundation

/// The commit the running binary was built from, when it can be told: $GROKSCALE_GIT_COMMIT,
/// else `git rev-parse HEAD` in the checkout that holds the executable (a SwiftPM build lives
/// in <checkout>/.build/…). nil when neither works, e.g. a copied binary.
enum GitCommit {
    static func current() -> String? {
        if let env = ProcessInfo.processInfo.environment["GROKSCALE_GIT_COMMIT"], !env.isEmpty { return env }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) { break }
            folder = folder.deletingLastPathComponent()
        }
        guard folder.path != "/" else { return nil }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", folder.path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        git.standardOutput = pipe
        git.standardError = FileHandle.nullDevice
        do { try git.run() } catch { return nil }
        git.waitUntilExit()
        guard git.terminationStatus == 0 else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.count == 40 ? commit : nil
    }
}

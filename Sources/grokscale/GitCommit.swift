import CBuildInfo
import Foundation

/// The commit the running binary was built from, when it can be told: $GROKSCALE_GIT_COMMIT,
/// else the commit compiled in (a build with GROKSCALE_GIT_COMMIT set, as
/// cluster/build-relocatable.sh does), else `git rev-parse HEAD` in the checkout that holds the
/// executable (a SwiftPM build lives in <checkout>/.build/…). nil when none works.
enum GitCommit {
    static func current() -> String? {
        if let env = ProcessInfo.processInfo.environment["GROKSCALE_GIT_COMMIT"], !env.isEmpty { return env }
        if let built = compiledIn { return built }
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

    /// The commit compiled into the binary, if the build was given one.
    static var compiledIn: String? {
        let text = String(cString: grokscale_build_commit())
        return text.isEmpty ? nil : text
    }
}

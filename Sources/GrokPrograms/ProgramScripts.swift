import Foundation
import GrokConfig

/// A program's script on disk: where a configuration file's relative path points, and whether
/// the bytes a worker would run are the bytes the sweep was configured with.
public enum ProgramScripts {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Makes every program's script absolute (relative to `folder`, the configuration file's)
    /// and records its SHA-256, so the configuration hash changes when the script does. A
    /// script that cannot be read is an error naming it.
    public static func resolve(_ config: SweepConfig, relativeTo folder: URL) throws -> SweepConfig {
        var config = config
        for i in config.programs.indices where !config.programs[i].script.isEmpty {
            var p = config.programs[i]
            let url = p.script.hasPrefix("/") ? URL(fileURLWithPath: p.script) : folder.appendingPathComponent(p.script)
            let path = url.standardizedFileURL.path
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw Failure(
                    description: "programs.\(p.name).script: cannot read \(path); write the path relative to the configuration file, or absolute")
            }
            let digest = SHA256.hex([UInt8](bytes))
            if !p.scriptSHA256.isEmpty && p.scriptSHA256 != digest && p.script == path {
                throw Failure(
                    description:
                        "programs.\(p.name).script: \(path) has changed since script_sha256 was written (now \(digest.prefix(12))…); remove script_sha256 to accept the new script as a new sweep"
                )
            }
            p.script = path
            p.scriptSHA256 = digest
            config.programs[i] = p
        }
        return config
    }

    /// Refuses to run a script that is missing on this host or differs from the configured one.
    public static func verify(_ program: ProgramSpec) throws {
        guard !program.script.isEmpty else { return }
        guard program.script.hasPrefix("/"), let bytes = FileManager.default.contents(atPath: program.script) else {
            throw Failure(
                description:
                    "the program \"\(program.name)\"'s script \(program.script) is not on this host: install it at the same path on every worker host (or share the folder)"
            )
        }
        guard !program.scriptSHA256.isEmpty else { return }
        let digest = SHA256.hex([UInt8](bytes))
        guard digest == program.scriptSHA256 else {
            throw Failure(
                description:
                    "the program \"\(program.name)\"'s script \(program.script) on this host (sha256 \(digest.prefix(12))…) differs from the sweep's (\(program.scriptSHA256.prefix(12))…): install the same version on every host"
            )
        }
    }
}

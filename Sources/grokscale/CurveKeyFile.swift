import ArgumentParser
import Foundation
import ZeroMQ

/// Reading and writing CURVE keys as Z85 text files (40 characters and a newline), the format
/// `grokscale keygen` writes. Lines starting with `#` are comments, so a key file may say whose
/// key it is.
enum CurveKeyFile {
    /// The one key in `path`, checked to be 40 Z85 characters. `role` names it in errors.
    /// A secret key (`secret`) must be readable by its owner only (as ssh demands) and must not
    /// be a public key file; a public key must not be a secret one.
    static func read(_ path: String, role: String, secret: Bool = false) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read the \(role) file \(path): \(describe(error)); create keys with `grokscale keygen`", status: .noInput)
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let comments = lines.filter { $0.hasPrefix("#") }.joined(separator: " ").lowercased()
        let keys = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard keys.count == 1, let key = keys.first, isKey(key) else {
            throw CLIError(
                "\(path) is not a \(role) file: expected one line of 40 Z85 characters (as written by `grokscale keygen`)", status: .dataError)
        }
        if secret {
            if path.hasSuffix(".pub") || comments.contains("public key") {
                throw CLIError(
                    "\(path) is a public key, given as the \(role): pass the matching .key file (the secret half written by `grokscale keygen`)",
                    status: .dataError)
            }
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw CLIError(
                    "the \(role) \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); anyone who can read it can pose as this host. Run `chmod 600 \(path)` (or make a new pair with `grokscale keygen`)",
                    status: .dataError)
            }
        } else if comments.contains("secret key") {
            throw CLIError("\(path) holds a secret key, given as the \(role): use the .pub file, and keep the .key private", status: .dataError)
        }
        return key
    }

    /// Every `*.pub` key in `folder`: the workers a coordinator lets in.
    static func readAuthorized(folder: String) throws -> Set<String> {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw CLIError("cannot read the authorized-keys folder \(folder): \(describe(error))", status: .noInput)
        }
        var keys: Set<String> = []
        // A secret key here would be copied around with the public ones: refuse, say what to do.
        for name in names.sorted() where name.hasSuffix(".key") {
            throw CLIError(
                "the authorized-keys folder \(folder) holds a secret key, \(name): move it out (keep it on the host that uses it); this folder is for workers' .pub files only",
                status: .dataError)
        }
        for name in names.sorted() where name.hasSuffix(".pub") {
            keys.insert(try read((folder as NSString).appendingPathComponent(name), role: "worker public key"))
        }
        guard !keys.isEmpty else {
            throw CLIError(
                "the authorized-keys folder \(folder) holds no *.pub key: copy each worker's <name>.pub there (made by `grokscale keygen`), or no worker can connect",
                status: .dataError)
        }
        return keys
    }

    /// Creates `path` holding `contents`; a secret is created with mode 0600 from the start
    /// (never widened then narrowed), and an existing file is never overwritten.
    static func create(_ path: String, contents: String, secret: Bool) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, secret ? 0o600 : 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ValidationError(
                "cannot create \(path): \(reason)\(errno == EEXIST ? " (keygen never overwrites a key; remove it first or pick another --name)" : "")"
            )
        }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func isKey(_ text: String) -> Bool {
        text.utf8.count == 40 && (try? Curve.z85Decode(text)) != nil
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}

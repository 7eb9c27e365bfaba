import ArgumentParser
import Foundation
import ZeroMQ

/// Reading and writing CURVE keys as Z85 text files (40 characters and a newline), the format
/// `grokscale keygen` writes. Lines starting with `#` are comments, so a key file may say whose
/// key it is.
enum CurveKeyFile {
    /// The one key in `path`, checked to be 40 Z85 characters. `role` names it in errors.
    static func read(_ path: String, role: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the \(role) file \(path): \(describe(error)); create keys with `grokscale keygen`")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1, let key = lines.first, isKey(key) else {
            throw ValidationError("\(path) is not a \(role) file: expected one line of 40 Z85 characters (as written by `grokscale keygen`)")
        }
        return key
    }

    /// Every `*.pub` key in `folder`: the workers a coordinator lets in.
    static func readAuthorized(folder: String) throws -> Set<String> {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ValidationError("cannot read the authorized-keys folder \(folder): \(describe(error))")
        }
        var keys: Set<String> = []
        for name in names.sorted() where name.hasSuffix(".pub") {
            keys.insert(try read((folder as NSString).appendingPathComponent(name), role: "worker public key"))
        }
        guard !keys.isEmpty else {
            throw ValidationError("the authorized-keys folder \(folder) holds no *.pub key: copy each worker's <name>.pub there (made by `grokscale keygen`), or no worker can connect")
        }
        return keys
    }

    /// Creates `path` holding `contents`; a secret is created with mode 0600 from the start
    /// (never widened then narrowed), and an existing file is never overwritten.
    static func create(_ path: String, contents: String, secret: Bool) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, secret ? 0o600 : 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ValidationError("cannot create \(path): \(reason)\(errno == EEXIST ? " (keygen never overwrites a key; remove it first or pick another --name)" : "")")
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

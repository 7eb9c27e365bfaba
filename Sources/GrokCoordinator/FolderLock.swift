import Foundation

/// One coordinator (or `repair`) per output folder: an exclusive `flock` on `<out>/coordinator.lock`,
/// held for the process's life and released by the kernel however it ends (even SIGKILL). The
/// file holds the holder's PID, so a refused second start can name it.
public final class FolderLock: @unchecked Sendable {
    public static let fileName = "coordinator.lock"
    private let fd: Int32

    /// Takes the lock or throws `.locked` naming the holder. Creates the folder if needed.
    public init(folder: URL, purpose: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(FolderLock.fileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw JournalError(.cannotWrite, description: "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
            throw JournalError(
                .locked,
                description:
                    "\(folder.path) is in use by another grokscale process (PID \(holder)); nothing was recorded. Wait for it to finish or stop it, or choose another --out folder."
            )
        }
        let pid = Array("\(ProcessInfo.processInfo.processIdentifier) \(purpose)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    deinit { close(fd) }
}

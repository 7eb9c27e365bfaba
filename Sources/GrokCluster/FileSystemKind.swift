import CHostInfo
import Foundation

/// The kind of file system a folder is on (statfs's f_type), to keep the journal off network
/// file systems: SQLite's WAL mode needs shared memory and POSIX locks that NFS, Lustre, GPFS
/// and friends do not give reliably, so a journal there can be corrupted or stall.
public enum FileSystemKind: Equatable, Sendable {
    case local
    /// A network or cluster file system, by name ("NFS", "Lustre", "GPFS", …).
    case network(String)

    /// f_type magic numbers of network and cluster file systems (linux/magic.h and the vendors').
    static let networkMagic: [Int64: String] = [
        0x6969: "NFS",
        0x0BD0_0BD0: "Lustre",
        0x4750_4653: "GPFS (IBM Storage Scale)",
        0xFF53_4D42: "CIFS/SMB",
        0xFE53_4D42: "SMB2",
        0x1983_0326: "BeeGFS",
        0x00C3_6400: "CephFS",
        0x0102_1997: "9p",
        0x6573_5546: "FUSE (sshfs, gcsfuse, …)",
        0x5346_414F: "AFS",
    ]

    /// The kind for a statfs f_type value.
    public static func classify(magic: Int64) -> FileSystemKind {
        networkMagic[magic].map(FileSystemKind.network) ?? .local
    }

    /// The kind of the file system holding `folder` (or its nearest existing parent); nil if
    /// statfs fails.
    public static func of(_ folder: URL) -> FileSystemKind? {
        var path = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: path.path), path.path != "/" { path = path.deletingLastPathComponent() }
        let magic = grokscale_filesystem_magic(path.path)
        return magic < 0 ? nil : classify(magic: magic)
    }

    /// A warning for a journal folder on a network file system; nil when it is local.
    public static func journalWarning(for folder: URL) -> String? {
        guard case .network(let name)? = of(folder) else { return nil }
        return
            "the journal folder \(folder.path) is on \(name): SQLite's WAL journal is not safe on network file systems (it may stall or be corrupted). Put it on node-local disk with --journal-dir (e.g. $TMPDIR or /tmp; cluster/slurm's scripts copy it back to the shared folder at exit)"
    }
}

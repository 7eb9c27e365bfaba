import CHostInfo
import Foundation

/// glibc's allocator, tuned for training loops. An epoch allocates and frees the same
/// activation arrays (640 × 128 doubles, 655 KB, at the ising preset's largest width), above
/// glibc's default mmap threshold: each became a fresh mmap, page faults and an munmap, about
/// 15% of an ising epoch (`perf`). Allocations up to 4 MB now come from the heap, and up to
/// 64 MB of freed heap is kept for reuse instead of returned. An ising grid at h = 128 ran 1.4×
/// faster; the numbers are the same bits (allocation never touches arithmetic).
///
/// Skipped when the user sets glibc's malloc tunables (`GLIBC_TUNABLES=glibc.malloc…`): theirs
/// win. Other C libraries keep their defaults.
enum MallocTuning {
    static let mmapThreshold: Int32 = 4 << 20
    static let trimThreshold: Int32 = 64 << 20

    static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let tunables = environment["GLIBC_TUNABLES"], tunables.contains("glibc.malloc.") { return }
        _ = grokscale_tune_malloc(mmapThreshold, trimThreshold)
    }
}

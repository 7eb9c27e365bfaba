import Glibc

/// CPU time of the calling thread (getrusage RUSAGE_THREAD, user + system), in seconds: how the
/// coordinator measures its own cost per result without counting worker threads or processes.
public enum ThreadCPU {
    /// The calling thread's user and system CPU seconds.
    public static func split() -> (user: Double, system: Double) {
        var usage = rusage()
        // RUSAGE_THREAD (1, Linux) is not imported into Swift (it needs _GNU_SOURCE).
        guard getrusage(__rusage_who_t(1), &usage) == 0 else { return (0, 0) }
        return (
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6,
            Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        )
    }

    /// The calling thread's CPU clock (CLOCK_THREAD_CPUTIME_ID, nanosecond resolution), for
    /// timing micro-benchmarks of a few microseconds.
    public static func preciseSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

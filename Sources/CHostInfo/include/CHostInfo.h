#ifndef GROKSCALE_HOST_INFO_H
#define GROKSCALE_HOST_INFO_H
/// Host facts and settings Swift's Glibc module does not import (sched_getaffinity needs _GNU_SOURCE, and
/// CPU_COUNT and statfs's header are not in it).

/// CPUs in this thread's affinity mask; -1 if unknown.
int grokscale_affinity_count(void);
/// statfs(path).f_type; -1 on error.
long long grokscale_filesystem_magic(const char *path);
/// Gives the calling thread (only) the lowest scheduling priority, nice 19.
void grokscale_lower_thread_priority(void);
/// glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD (malloc.h is not in Swift's Glibc module);
/// returns 1 when both were set, 0 elsewhere (other C libraries).
int grokscale_tune_malloc(int mmap_threshold, int trim_threshold);
#endif

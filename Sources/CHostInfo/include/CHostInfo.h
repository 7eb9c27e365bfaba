#ifndef GROKSCALE_HOST_INFO_H
#define GROKSCALE_HOST_INFO_H
/// Host facts Swift's Glibc module does not import (sched_getaffinity needs _GNU_SOURCE, and
/// CPU_COUNT and statfs's header are not in it).

/// CPUs in this thread's affinity mask; -1 if unknown.
int grokscale_affinity_count(void);
/// statfs(path).f_type; -1 on error.
long long grokscale_filesystem_magic(const char *path);
/// Gives the calling thread (only) the lowest scheduling priority, nice 19.
void grokscale_lower_thread_priority(void);
#endif

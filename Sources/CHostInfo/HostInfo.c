#define _GNU_SOURCE
#include "CHostInfo.h"
#ifdef __linux__
#include <sched.h>
#include <sys/vfs.h>
#include <sys/resource.h>
#include <unistd.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

int grokscale_affinity_count(void) {
#ifdef __linux__
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
#else
    return -1;
#endif
}

long long grokscale_filesystem_magic(const char *path) {
#ifdef __linux__
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long long)(unsigned int)info.f_type;
#else
    (void)path;
    return -1;
#endif
}

void grokscale_lower_thread_priority(void) {
#ifdef __linux__
    /* On Linux, setpriority with a thread id sets that thread's nice value alone. */
    setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
#endif
}

int grokscale_tune_malloc(int mmap_threshold, int trim_threshold) {
#ifdef __GLIBC__
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
#endif
}

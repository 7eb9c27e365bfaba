#include "CBuildInfo.h"

#ifndef GROKSCALE_BUILD_COMMIT
#define GROKSCALE_BUILD_COMMIT ""
#endif
#ifndef GROKSCALE_BUILD_CPU
#define GROKSCALE_BUILD_CPU "default"
#endif

const char *grokscale_build_commit(void) { return GROKSCALE_BUILD_COMMIT; }

const char *grokscale_build_cpu(void) { return GROKSCALE_BUILD_CPU; }

int grokscale_cpu_runs_build(void) {
#if defined(__x86_64__)
    const char *cpu = GROKSCALE_BUILD_CPU;
    if (cpu[0] == 'h') {  /* "haswell": the kernels use AVX2, FMA, BMI1/2, F16C, MOVBE */
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
               __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
               __builtin_cpu_supports("f16c") && __builtin_cpu_supports("movbe");
    }
#endif
    return 1;
}

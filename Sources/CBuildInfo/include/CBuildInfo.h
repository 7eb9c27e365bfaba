#ifndef GROKSCALE_BUILD_INFO_H
#define GROKSCALE_BUILD_INFO_H
/// Facts fixed when the binary was built (Package.swift passes them as defines), compiled in so
/// that a binary copied to another host still knows them.

/// The commit ("" when the build was not given GROKSCALE_GIT_COMMIT).
const char *grokscale_build_commit(void);
/// The numeric kernels' CPU target: "haswell", "x86-64" (portable) or "default".
const char *grokscale_build_cpu(void);
/// 1 if this CPU has every instruction the kernels were built to use, else 0.
int grokscale_cpu_runs_build(void);
#endif

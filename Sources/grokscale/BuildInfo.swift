import CBuildInfo
import Foundation
import GrokReportModel

/// What `grokscale --version` prints, and the start-up check that the CPU can run this build.
enum BuildInfo {
    /// The numeric kernels' CPU target: "haswell" (x86-64-v3), "x86-64" (portable) or "default".
    static var kernelCPU: String { String(cString: grokscale_build_cpu()) }

    /// "grokscale 0.1.0 (commit 5b3b99c…, kernels for x86-64)", one line.
    static var versionLine: String {
        let commit = GitCommit.current() ?? "unknown (build with GROKSCALE_GIT_COMMIT set, see cluster/README.md)"
        return "grokscale \(Provenance.grokscaleVersion) (commit \(commit), kernels built for \(kernelCPU))"
    }

    /// A binary built for Haswell-class CPUs would die of SIGILL on an older one; say why instead.
    static func checkCPU() throws {
        guard grokscale_cpu_runs_build() != 0 else {
            throw CLIError(
                "this grokscale binary was built for Haswell-class CPUs (AVX2, FMA, BMI2: x86-64-v3) and this CPU lacks some of them; build a portable binary with cluster/build-relocatable.sh (GROKSCALE_PORTABLE=1)",
                status: .failure)
        }
    }
}

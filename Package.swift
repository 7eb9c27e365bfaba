// swift-tools-version:6.0
import Foundation
import PackageDescription

// CPU target of the numeric kernels (training's vector tanh and dense products, the probe's toppling loop).
// Default: built for Haswell-class x86-64 (AVX2, FMA, BMI2, …; "x86-64-v3") when the build host
// has it: about 1.7× faster training at h = 500. Results do not change: Swift never fuses
// a*b + c, so every operation rounds as in the baseline build (GrokTrainingTests compares the
// vector kernel with the baseline-built scalar code bit for bit).
// GROKSCALE_PORTABLE=1: the portable target, x86-64 baseline (every 64-bit x86 CPU), for a
// binary to copy to other hosts (cluster/build-relocatable.sh sets it). A binary built for
// Haswell refuses to start, with a message, on a CPU without those instructions.
let portable = ProcessInfo.processInfo.environment["GROKSCALE_PORTABLE"].map { !$0.isEmpty && $0 != "0" } ?? false
let hostHasX86_64_v3: Bool = {
    #if arch(x86_64) && os(Linux)
        guard !portable,
            let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        return ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"].allSatisfy(flags.contains)
    #else
        return false
    #endif
}()
let kernelCPU: String? = {
    #if arch(x86_64)
        return hostHasX86_64_v3 ? "haswell" : "x86-64"
    #else
        return nil
    #endif
}()
let kernelSettings: [SwiftSetting] = kernelCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []

// Build facts compiled into the binary (CBuildInfo), so that a copied binary still knows them:
// the commit (GROKSCALE_GIT_COMMIT at build time, 40 hex digits; `--version` and the report's
// provenance) and the kernels' CPU target.
let buildCommit: String = {
    let value = ProcessInfo.processInfo.environment["GROKSCALE_GIT_COMMIT"] ?? ""
    return value.count == 40 && value.allSatisfy(\.isHexDigit) ? value.lowercased() : ""
}()
let buildInfoSettings: [CSetting] = [
    .define("GROKSCALE_BUILD_COMMIT", to: "\"\(buildCommit)\""),
    .define("GROKSCALE_BUILD_CPU", to: "\"\(kernelCPU ?? "default")\""),
]

// Module map (one job each). Science cores, pure functions over values:
//   GrokNumerics  – the documented random generator, stream derivation, libm-free elementary functions, quantiles
//   GrokTraining  – the training tasks (XOR, modadd, parity, rule, linear), MLPs, optimizers, gradient snapshots, onset, Gini, early-warning indicators
//   GrokGraphs    – substrate graphs (BA, ER, WS, random regular, ring, edge lists) in CSR form
//   GrokProbe     – the TDU-OFC avalanche probe: loads, threshold, toppling, cascades, Gaussian control
//   GrokAnalysis  – finite-size scaling: log–log fits, D(τ), collapse, power-law MLE, bootstrap, leave-one-out, change points
//   NumPyFormat   – reading .npy arrays (bytes in, values out)
// The sweep, split by job (the wire and the worker never link the analysis):
//   GrokTasks     – the task/result model and its binary codec: SweepTask, TaskGroup, TaskResult, cascade rows
//   GrokConfig    – configuration: TOML, keys, presets, program specs, the configuration hash, verification policy
//   GrokRunner    – running one task (TaskRunner, program bootstrap) and validating a result against its expected shape
//   GrokReportModel – building report.json from results (depends on the analysis), user-run reports
//   GrokSweep     – the in-process runner: a whole sweep on local threads, with verification; the probe scan
//   GrokReport    – report.html, report.md with SVG plots, tidy CSVs: pure renderings of report.json
// Distribution and I/O:
//   CZeroMQ/ZeroMQ – Debian's libzmq and a thin Swift layer over it (moves bytes only)
//   GrokProtocol  – the wire protocol's messages and their encoding (PROTOCOL.md beside it)
//   GrokCoordinator – scheduling (leases, heartbeats, retries) and persistence (the journal); the report is passed in
//   GrokCluster   – facts about the host a process runs on: CPUs it may use, file-system kind
//   GrokStatus    – the coordinator's live status page, /status.json, /metrics (read-only HTTP)
//   GrokWorker    – the worker loop: runs leased tasks with GrokRunner.TaskRunner
//   GrokPrograms  – users' training programs as grid tasks: run the command, read its run, probe it
//   GrokUserRuns  – users' own runs: run manifests and .npy snapshots, graphs per N, probing (`fit`, `serve`)
//   GrokServe     – the live probe service (`serve`): protocol (SERVE.md), ensemble state, socket loop
//   CBuildInfo    – the commit and CPU target the binary was built with (C defines)
//   grokscale     – the command line: parses and wires (it hands the coordinator its report writer)
let package = Package(
    name: "grokscale",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grokscale", targets: ["grokscale"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "GrokNumerics"),
        .target(name: "CBuildInfo", cSettings: buildInfoSettings),
        .target(name: "GrokTraining", dependencies: ["GrokNumerics"], swiftSettings: kernelSettings),
        .target(name: "GrokGraphs", dependencies: ["GrokNumerics"]),
        .target(name: "GrokProbe", dependencies: ["GrokNumerics", "GrokGraphs"], swiftSettings: kernelSettings),
        .target(name: "GrokAnalysis", dependencies: ["GrokNumerics"]),
        .target(name: "NumPyFormat"),
        .target(name: "GrokTasks", dependencies: ["GrokNumerics", "GrokTraining", "GrokProbe"]),
        .target(name: "GrokConfig", dependencies: ["GrokTasks", "GrokNumerics", "GrokTraining", "GrokGraphs", "GrokProbe"]),
        .target(name: "GrokRunner", dependencies: ["GrokConfig", "GrokTasks", "GrokNumerics", "GrokTraining", "GrokGraphs", "GrokProbe"]),
        .target(name: "GrokReportModel", dependencies: ["GrokConfig", "GrokTasks", "GrokAnalysis", "GrokNumerics", "GrokTraining", "GrokProbe"]),
        .target(name: "GrokSweep", dependencies: ["GrokRunner", "GrokReportModel", "GrokConfig", "GrokTasks"]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GrokReport", dependencies: ["GrokReportModel", "GrokConfig", "GrokTasks", "CZlib"]),
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "GrokProtocol", dependencies: ["GrokTasks"], exclude: ["PROTOCOL.md"]),
        .target(
            name: "GrokCoordinator",
            dependencies: [
                "GrokConfig", "GrokTasks", "GrokRunner", "GrokTraining", "GrokProtocol", "ZeroMQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The cascades table binds its ~1,000 rows per result with sqlite3_bind_* directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "CHostInfo"),
        .target(name: "GrokCluster", dependencies: ["CHostInfo"]),
        .target(
            name: "GrokStatus",
            dependencies: [
                "GrokConfig", "GrokTasks", "GrokReportModel", "GrokCoordinator", "GrokReport", "CHostInfo",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "GrokWorker",
            dependencies: ["GrokConfig", "GrokTasks", "GrokRunner", "GrokProtocol", "ZeroMQ", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "GrokUserRuns",
            dependencies: ["GrokConfig", "GrokTasks", "GrokReportModel", "GrokProbe", "GrokGraphs", "GrokNumerics", "NumPyFormat"]),
        .target(name: "GrokPrograms", dependencies: ["GrokConfig", "GrokTasks", "GrokRunner", "GrokUserRuns", "GrokTraining", "GrokNumerics"]),
        .target(
            name: "GrokServe",
            dependencies: [
                "GrokUserRuns", "GrokConfig", "GrokTasks", "GrokReportModel", "GrokReport", "ZeroMQ", .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["SERVE.md"]
        ),
        .executableTarget(
            name: "grokscale",
            dependencies: [
                "GrokNumerics", "GrokTraining", "GrokGraphs", "GrokProbe", "GrokAnalysis", "NumPyFormat", "GrokTasks", "GrokConfig", "GrokRunner",
                "GrokReportModel", "GrokSweep", "ZeroMQ",
                "GrokProtocol", "GrokCoordinator", "GrokWorker", "GrokReport", "CBuildInfo", "GrokCluster", "GrokStatus", "GrokUserRuns", "GrokServe",
                "GrokPrograms", "CHostInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the test targets share: grids, the HTTP GET, child-process memory, readable pins.
        .target(
            name: "GrokTestSupport", dependencies: ["GrokConfig", "GrokReportModel", "GrokSweep", "GrokCluster"], path: "Tests/GrokTestSupport",
            exclude: ["Pins"]),
        .testTarget(name: "GrokNumericsTests", dependencies: ["GrokNumerics"]),
        .testTarget(name: "GrokTrainingTests", dependencies: ["GrokTraining", "GrokNumerics"]),
        .testTarget(name: "GrokGraphsTests", dependencies: ["GrokGraphs", "GrokNumerics"]),
        .testTarget(name: "GrokProbeTests", dependencies: ["GrokProbe", "GrokGraphs", "GrokNumerics"]),
        .testTarget(name: "GrokAnalysisTests", dependencies: ["GrokTestSupport", "GrokAnalysis", "GrokNumerics", "GrokCluster"]),
        .testTarget(name: "NumPyFormatTests", dependencies: ["NumPyFormat"]),
        .testTarget(
            name: "GrokSweepTests",
            dependencies: [
                "GrokTestSupport", "GrokSweep", "GrokConfig", "GrokTasks", "GrokRunner", "GrokReportModel", "GrokAnalysis", "GrokNumerics",
                "GrokProbe",
                "GrokTraining",
            ]),
        .testTarget(name: "GrokProgramsTests", dependencies: ["GrokPrograms", "GrokConfig", "GrokTasks", "GrokRunner"]),
        .testTarget(
            name: "GrokReportTests",
            dependencies: ["GrokTestSupport", "GrokReport", "GrokReportModel", "GrokSweep", "GrokConfig", "GrokTasks", "GrokProbe", "GrokTraining"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "GrokProtocolTests", dependencies: ["GrokProtocol", "GrokTasks", "GrokProbe", "GrokTraining"]),
        .testTarget(name: "GrokClusterTests", dependencies: ["GrokCluster"]),
        .testTarget(name: "GrokStatusTests", dependencies: ["GrokTestSupport", "GrokStatus", "GrokCoordinator"]),
        .testTarget(
            name: "GrokCoordinatorTests",
            dependencies: [
                "GrokTestSupport",
                "GrokCoordinator", "GrokProtocol", "GrokReport", "GrokReportModel", "GrokSweep", "GrokConfig", "GrokTasks", "GrokRunner",
                "GrokTraining", "GrokProbe", "ZeroMQ", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "GrokServeTests", dependencies: ["GrokServe", "GrokTasks", "GrokProbe"]),
        .testTarget(name: "GrokUserRunsTests", dependencies: ["GrokUserRuns", "GrokConfig", "NumPyFormat"]),
        .testTarget(
            name: "DistributedTests",
            dependencies: [
                "GrokTestSupport",
                "grokscale", "GrokProtocol", "GrokConfig", "GrokTasks", "GrokRunner", "GrokProbe", "ZeroMQ",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

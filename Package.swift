// swift-tools-version:6.0
import PackageDescription

// Module map (one job each):
//   GrokNumerics  – the documented random generator, stream derivation, libm-free elementary functions, quantiles
//   GrokTraining  – XOR task, 2→h→1 MLP, full-batch gradient descent, gradient snapshots, onset, Gini
//   GrokGraphs    – substrate graphs (BA, ER, WS, random regular, ring, edge lists) in CSR form
//   GrokProbe     – the TDU-OFC avalanche probe: loads, threshold, toppling, cascades, Gaussian control
//   GrokAnalysis  – finite-size scaling: log–log fits, D(τ), collapse, power-law MLE, bootstrap, leave-one-out
//   NumPyFormat   – reading .npy arrays (bytes in, values out)
//   GrokSweep     – the sweep: configuration, grid → tasks, running one task, assembling report.json
//   CZeroMQ/ZeroMQ – Debian's libzmq and a thin Swift layer over it (moves bytes only)
//   grokscale     – the command line: parses and wires
let package = Package(
    name: "grokscale",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "grokscale", targets: ["grokscale"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "GrokNumerics"),
        .target(name: "GrokTraining", dependencies: ["GrokNumerics"]),
        .target(name: "GrokGraphs", dependencies: ["GrokNumerics"]),
        .target(name: "GrokProbe", dependencies: ["GrokNumerics", "GrokGraphs"]),
        .target(name: "GrokAnalysis", dependencies: ["GrokNumerics"]),
        .target(name: "NumPyFormat"),
        .target(name: "GrokSweep", dependencies: ["GrokNumerics", "GrokTraining", "GrokGraphs", "GrokProbe", "GrokAnalysis"]),
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .executableTarget(
            name: "grokscale",
            dependencies: [
                "GrokNumerics", "GrokTraining", "GrokGraphs", "GrokProbe", "GrokAnalysis", "NumPyFormat", "GrokSweep", "ZeroMQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GrokNumericsTests", dependencies: ["GrokNumerics"]),
        .testTarget(name: "GrokTrainingTests", dependencies: ["GrokTraining", "GrokNumerics"]),
        .testTarget(name: "GrokGraphsTests", dependencies: ["GrokGraphs", "GrokNumerics"]),
        .testTarget(name: "GrokProbeTests", dependencies: ["GrokProbe", "GrokGraphs", "GrokNumerics"]),
        .testTarget(name: "GrokAnalysisTests", dependencies: ["GrokAnalysis", "GrokNumerics"]),
        .testTarget(name: "NumPyFormatTests", dependencies: ["NumPyFormat"]),
        .testTarget(name: "GrokSweepTests", dependencies: ["GrokSweep"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
    ],
    swiftLanguageModes: [.v6]
)

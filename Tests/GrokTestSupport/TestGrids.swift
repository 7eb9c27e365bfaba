import Foundation
import GrokConfig
import GrokReportModel
import GrokSweep

/// The grids the tests share, each declared once.
public enum TestGrids {
    /// The small grid: 3 widths × 2 seeds × 2 topologies, small enough for a unit test, still
    /// exercising every part of the pipeline (fits, collapse, bootstrap, timing).
    public static let smallTOML = """
        widths = [20, 30, 50]
        seeds = 2
        topologies = ["ba", "ring"]
        [analysis]
        bootstrap_resamples = 200
        """

    public static let small: SweepConfig = try! SweepConfig.load(toml: smallTOML)

    /// A tiny ising grid on the variant axes (dropout × softmax β), 3 widths × 2 seeds: seconds.
    public static let isingVariantsTOML = """
        tasks = ["ising"]
        optimizers = ["adam"]
        regularizers = ["l2"]
        weight_decays = [0.005]
        dropouts = [0, 0.1]
        softmax_betas = [1, 0.5]
        widths = [6, 8, 10]
        seeds = 2
        topologies = ["ba"]
        [training]
        epochs = 30
        learning_rate = 0.005
        snapshot_interval = 5
        [task]
        batch_size = 0
        ising_per_level = 1
        ising_test_per_level = 1
        ising_depth = 2
        onset_accuracy = 0.5
        [analysis]
        bootstrap_resamples = 50
        """

    /// The small grid's in-process run and report, computed once for every test target.
    public static let smallOutcome = InProcessSweep.run(config: small, threads: 2)
    public static let smallReport: JSONValue = ReportBuilder.build(
        config: small, results: smallOutcome.results, failures: smallOutcome.failures, provenance: Provenance(gitCommit: nil, hostCount: 1))

    /// Groups whose early warning has a control: XOR at λ = 0 (every run groks) and at λ = 0.01
    /// and 1 (none does), so the λ = 0 section compares against the λ = 0.01 one.
    public static let controlGroupsTOML = """
        widths = [20, 30, 50]
        seeds = 3
        topologies = ["ba", "ring"]
        tasks = ["xor"]
        regularizers = ["l2"]
        weight_decays = [0.0, 0.01, 1.0]
        [analysis]
        bootstrap_resamples = 50
        [groups]
        lead_resamples = 5
        lead_inner_resamples = 10
        survival_resamples = 20
        """

    public static func controlGroups() throws -> SweepConfig { try SweepConfig.load(toml: controlGroupsTOML) }

    /// A fresh folder under the temporary directory, named for the test that asked.
    public static func temporaryFolder(_ tag: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-\(tag)-\(UUID().uuidString.prefix(8))")
    }
}

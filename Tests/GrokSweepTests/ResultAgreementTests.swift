import GrokConfig
import GrokProbe
import GrokRunner
import GrokTasks
import Testing

/// Replicas agree when byte-identical; a program declared non-deterministic is compared within
/// its tolerance on what the analysis reads, and never on a different shape or control.
@Suite("Result agreement: bytes, or a non-deterministic program's tolerance")
struct ResultAgreementTests {
    func config(deterministic: Bool) throws -> SweepConfig {
        try SweepConfig.load(
            toml: """
                widths = [4, 6, 8]
                tasks = ["gpu_model"]
                topologies = ["ba"]
                [training]
                epochs = 20
                snapshot_interval = 10
                [programs.gpu_model]
                command = ["python3", "t.py", "{out}"]
                \(deterministic ? "" : "deterministic = false\ntolerance = 0.05")
                """)
    }

    func result(_ config: SweepConfig, size: Int = 100, loss: Double = 1.0, control: Int = 7) -> TaskResult {
        let epochs = config.snapshotEpochs
        let g = FieldCascades(cascades: [.init(size: size, extent: 10, duration: 5)])
        let c = FieldCascades(cascades: [.init(size: control, extent: 3, duration: 2)])
        return TaskResult(
            task: config.tasks[0], parameterCount: 50, onsetEpoch: 10, snapshotEpochs: epochs, loss: epochs.map { _ in loss },
            accuracy: epochs.map { _ in 0.5 }, gini: epochs.map { _ in 0.1 },
            topologies: [TopologyCascades(topology: "ba", gradient: epochs.map { _ in g }, control: epochs.map { _ in c })])
    }

    @Test("a deterministic program's replicas must be byte-identical")
    func deterministic() throws {
        let c = try config(deterministic: true)
        #expect(ResultAgreement.agree(result(c), result(c), config: c))
        #expect(!ResultAgreement.agree(result(c), result(c, size: 101), config: c))
    }

    @Test("a non-deterministic program agrees within its tolerance, not beyond it, and never with another control")
    func tolerance() throws {
        let c = try config(deterministic: false)
        #expect(ResultAgreement.agree(result(c), result(c, size: 101, loss: 1.01), config: c))
        #expect(!ResultAgreement.agree(result(c), result(c, loss: 1.2), config: c))
        #expect(!ResultAgreement.agree(result(c), result(c, size: 400), config: c))
        #expect(!ResultAgreement.agree(result(c), result(c, control: 8), config: c))
    }
}

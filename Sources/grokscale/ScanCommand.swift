import ArgumentParser
import Foundation
import GrokCluster
import GrokConfig
import GrokProbe
import GrokReport
import GrokReportModel
import GrokSweep

/// `grokscale scan`: how much of D is the probe's (method §7). Trains every run of a
/// configuration once, probes its stored snapshots under every combination of the probe
/// settings given, and reports D_pre, D_post, D_synth, σ and the collapse and power-law verdicts
/// per setting, and which conclusions survive all of them.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Rerun the probe alone over c, q, topology and mode on the same training runs; say which conclusions survive every setting.",
        discussion: """
            Every run of the configuration is trained once; its gradient snapshots are then probed \
            under each setting (the grid of the lists given), with first waves recorded for the \
            branching ratio σ. Each setting's results are byte for byte those of `grokscale run` \
            with that setting (and probe.branching = true), so its report is that sweep's report. \
            Writes <out>/scan.json, <out>/scan.md and <out>/settings/<setting>/report.json. \
            Runs in this process on --threads threads; built-in tasks only.
            """
    )

    @OptionGroup var sweep: SweepOptions

    @Option(name: .long, help: ArgumentHelp("Conservation values c in (0, 1], comma-separated.", valueName: "c,c,…"))
    var conservation = "0.8,0.9,0.95,0.99"

    @Option(name: .long, help: ArgumentHelp("Threshold quantiles q in (0, 1) (default: the configuration's).", valueName: "q,q,…"))
    var quantile: String?

    @Option(name: .long, help: ArgumentHelp("Topologies (default: the configuration's primary topology).", valueName: "name,name,…"))
    var topology: String?

    @Option(name: .long, help: ArgumentHelp("Probe modes: global and/or per_seed.", valueName: "mode,mode"))
    var mode = "global,per_seed"

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"), completion: .directory)
    var out = "grokscale-scan"

    @Option(name: .long, help: ArgumentHelp("Threads (\(CPUAllocation.helpText))."))
    var threads: Int?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let config = try sweep.resolve()
        if let program = config.taskGrid.tasks.first(where: { config.program(named: $0) != nil }) {
            throw CLIError(
                "the scan trains built-in tasks in this process; \"\(program)\" is a program (probe its recorded runs with `grokscale fit`)",
                status: .config)
        }
        let settings = try Self.settings(
            conservation: conservation, quantile: quantile ?? "\(config.probe.quantile)", topology: topology ?? config.primaryTopology, mode: mode)
        let count = threads ?? CPUAllocation.slots()
        guard count >= 1 else { throw ValidationError("--threads must be at least 1") }
        let started = ContinuousClock.now
        if !quiet {
            Console.info("grokscale scan: \(config.tasks.count) runs trained once, probed under \(settings.count) settings, \(count) threads")
        }
        let quiet = self.quiet
        let outcomes = ProbeScan.run(base: config, settings: settings, threads: count) { done, total in
            if !quiet { Console.progress(done: done, total: total) }
        }
        if !quiet { Console.endProgress() }
        let folder = URL(fileURLWithPath: out)
        var entries: [ProbeScanSummary.Entry] = []
        for o in outcomes {
            let report = ReportBuilder.build(
                config: o.config, results: o.results, failures: o.failures, provenance: Provenance(gitCommit: GitCommit.current(), hostCount: 1))
            _ = try ReportWriter.writeReport(report, into: folder.appendingPathComponent("settings").appendingPathComponent(o.setting.label))
            entries.append(
                .init(
                    conservation: o.setting.conservation, quantile: o.setting.quantile, topology: o.setting.topology, mode: o.setting.mode.rawValue,
                    report: report))
        }
        let scan = ProbeScanSummary.json(entries: entries, base: config.json)
        do {
            try Data(scan.serialized().utf8).write(to: folder.appendingPathComponent("scan.json"), options: .atomic)
            try Data(ProbeScanSummary.markdown(scan).utf8).write(to: folder.appendingPathComponent("scan.md"), options: .atomic)
        } catch {
            throw CLIError("cannot write the scan into \(folder.path): \(error.localizedDescription)", status: .cannotWrite)
        }
        if !quiet {
            Console.info(ProbeScanSummary.words(scan))
            Console.info("wrote \(folder.path)/scan.json and scan.md in \(String(format: "%.1f", (ContinuousClock.now - started).seconds)) s")
        }
    }

    /// The grid of settings, each list checked with a message naming the bad value.
    static func settings(conservation: String, quantile: String, topology: String, mode: String) throws -> [ProbeScan.Setting] {
        func numbers(_ text: String, _ name: String, _ valid: (Double) -> Bool, _ rule: String) throws -> [Double] {
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !items.isEmpty else { throw ValidationError("--\(name) needs at least one value") }
            return try items.map { item in
                guard let v = Double(item), v.isFinite, valid(v) else { throw ValidationError("--\(name): \"\(item)\" is not \(rule)") }
                return v
            }
        }
        let cs = try numbers(conservation, "conservation", { $0 > 0 && $0 <= 1 }, "a number in (0, 1]")
        let qs = try numbers(quantile, "quantile", { $0 > 0 && $0 < 1 }, "a number in (0, 1)")
        let topologies = topology.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for t in topologies where !SweepConfig.topologyNames.contains(t) {
            throw ValidationError("--topology: unknown topology \"\(t)\"; choose from \(SweepConfig.topologyNames.joined(separator: ", "))")
        }
        let modes = try mode.split(separator: ",").map { item -> ProbeMode in
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let m = ProbeMode(rawValue: name) else { throw ValidationError("--mode: unknown mode \"\(name)\"; choose global or per_seed") }
            return m
        }
        guard !topologies.isEmpty, !modes.isEmpty else { throw ValidationError("--topology and --mode need at least one value each") }
        return modes.flatMap { m in
            topologies.flatMap { t in qs.flatMap { q in cs.map { ProbeScan.Setting(conservation: $0, quantile: q, topology: t, mode: m) } } }
        }
    }
}

import ArgumentParser
import GrokConfig

/// The knobs `fit` and `serve` share: a sweep's configuration (file, preset, --set) for the
/// probe, graph and analysis settings, and the topologies to probe user fields on.
struct UserRunOptions: ParsableArguments {
    @OptionGroup var sweep: SweepOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Comma-separated topologies to probe on (ba, er, ws, rr, ring); the first is the primary one. Default: the configuration's (fit), its primary topology (serve).",
            valueName: "list"))
    var topologies: String?

    /// The configuration with the topology list applied; `defaultPrimaryOnly` for `serve`.
    func resolve(defaultPrimaryOnly: Bool) throws -> SweepConfig {
        var config = try sweep.resolve()
        if let topologies {
            let names = topologies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw ValidationError("--topologies needs at least one name, e.g. --topologies ba,er") }
            for name in names where config.graphSpec(name) == nil {
                throw ValidationError(
                    "--topologies: unknown topology \"\(name)\"; topologies are \(SweepConfig.topologyNames.joined(separator: ", "))")
            }
            config.topologies = names
            config.primaryTopology = names[0]
        } else if defaultPrimaryOnly {
            config.topologies = [config.primaryTopology]
        }
        do {
            try config.probeConfig.validate()
        } catch {
            throw ValidationError("probe settings: \(error)")
        }
        return config
    }
}

extension SweepConfig {
    /// Gaussian control fields per user run: probe.control_fields, 10 when unset (a user run's
    /// snapshot count grows while it trains, so it cannot set the count), 0 with probe.control off.
    var userRunControlFields: Int { probe.control ? (probe.controlFields ?? 10) : 0 }
}

import GrokAnalysis
import GrokProbe
import GrokTraining

/// One configurable key: where it lives in the TOML file, what it means, how it is read,
/// written and checked. The table ``SweepConfig/keys`` drives the file parser, the printed
/// example, the report's `config` block and the configuration hash, so they cannot drift apart.
public struct ConfigKey: Sendable {
    /// Dotted path, e.g. "training.epochs"; top-level keys have no dot.
    public let path: String
    public let documentation: String
    /// False for keys that cannot change a number of the report (the network options); those
    /// are left out of the configuration hash.
    public let affectsResults: Bool
    let read: @Sendable (SweepConfig) -> JSONValue
    let write: @Sendable (inout SweepConfig, TOMLValue) throws(ConfigError) -> Void
    /// Keys added after the first reports (the task axes): left out of the `config` block, the
    /// hash and the TOML text while they hold their default value, so older sweeps keep their bytes.
    var omittedAtDefault = false

    /// Whether this key is left out of `config`'s renderings (see ``omittedAtDefault``).
    func isOmitted(in config: SweepConfig) -> Bool {
        omittedAtDefault && read(config) == read(SweepConfig())
    }

    public var section: String? {
        path.contains(".") ? String(path.split(separator: ".")[0]) : nil
    }
    public var name: String { String(path.split(separator: ".").last!) }
}

// MARK: key builders

extension ConfigKey {
    static func int(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, Int> & Sendable, min: Int, max: Int = .max,
        affectsResults: Bool = true, _ doc: String
    ) -> ConfigKey {
        ConfigKey(
            path: path, documentation: doc, affectsResults: affectsResults,
            read: { .int($0[keyPath: keyPath]) },
            write: { config, value throws(ConfigError) in
                guard case .integer(let n) = value else { throw mismatch("an integer", value) }
                guard n >= min && n <= max else {
                    throw ConfigError(message: max == .max ? "must be at least \(min), found \(n)" : "must be between \(min) and \(max), found \(n)")
                }
                config[keyPath: keyPath] = n
            })
    }

    static func double(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, Double> & Sendable, _ rule: String,
        _ valid: @escaping @Sendable (Double) -> Bool, _ doc: String
    ) -> ConfigKey {
        ConfigKey(
            path: path, documentation: doc, affectsResults: true,
            read: { .double($0[keyPath: keyPath]) },
            write: { config, value throws(ConfigError) in
                let x: Double
                switch value {
                case .float(let d): x = d
                case .integer(let n): x = Double(n)
                default: throw mismatch("a number", value)
                }
                guard x.isFinite && valid(x) else { throw ConfigError(message: "must be \(rule), found \(x)") }
                config[keyPath: keyPath] = x
            })
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, E> & Sendable, _ doc: String
    ) -> ConfigKey where E.RawValue == String {
        ConfigKey(
            path: path, documentation: doc, affectsResults: true,
            read: { .string($0[keyPath: keyPath].rawValue) },
            write: { config, value throws(ConfigError) in
                guard case .string(let s) = value else { throw mismatch("a string", value) }
                guard let e = E(rawValue: s) else {
                    let options = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    throw ConfigError(message: "must be one of \(options), found \"\(s)\"")
                }
                config[keyPath: keyPath] = e
            })
    }

    static func bool(_ path: String, _ keyPath: WritableKeyPath<SweepConfig, Bool> & Sendable, _ doc: String) -> ConfigKey {
        ConfigKey(
            path: path, documentation: doc, affectsResults: true,
            read: { .bool($0[keyPath: keyPath]) },
            write: { config, value throws(ConfigError) in
                guard case .boolean(let b) = value else { throw mismatch("true or false", value) }
                config[keyPath: keyPath] = b
            })
    }

    static func mismatch(_ expected: String, _ value: TOMLValue) -> ConfigError {
        ConfigError(message: "must be \(expected), found \(value.typeDescription)")
    }
}

// MARK: the table

extension SweepConfig {
    /// Every key a configuration file may set, in the order the example and reports print them.
    public static var keys: [ConfigKey] {
        [
            ConfigKey(
                path: "preset", documentation: "Start from a named preset (\"default\" or \"paper\"), then apply the keys below.",
                affectsResults: false,
                read: { .string($0.preset) },
                write: { config, value throws(ConfigError) in
                    guard case .string(let name) = value else { throw ConfigKey.mismatch("a string", value) }
                    guard let preset = SweepConfig.preset(named: name) else {
                        throw ConfigError(message: "unknown preset \"\(name)\"; presets: \(SweepConfig.presetNames.map { "\"\($0)\"" }.joined(separator: ", "))")
                    }
                    config = preset
                }),
            ConfigKey(
                path: "seed", documentation: "Base seed of every random stream (graphs, permutations, inits, controls, bootstrap).",
                affectsResults: true,
                read: { .int(Int(bitPattern: UInt($0.seed))) },
                write: { config, value throws(ConfigError) in
                    guard case .integer(let n) = value else { throw ConfigKey.mismatch("an integer", value) }
                    guard n >= 0 else { throw ConfigError(message: "must be at least 0, found \(n)") }
                    config.seed = UInt64(n)
                }),
            ConfigKey(
                path: "widths", documentation: "Hidden-layer widths h; each run has N = 4h + 1 parameters.",
                affectsResults: true,
                read: { .array($0.widths.map(JSONValue.int)) },
                write: { config, value throws(ConfigError) in
                    config.widths = try integers(value, minimum: 1).sorted()
                    if Set(config.widths).count != config.widths.count { throw ConfigError(message: "lists a width twice") }
                }),
            .int("seeds", \.seeds, min: 1, "Seeds per width (seed indices 0 … seeds−1)."),
            ConfigKey(
                path: "topologies", documentation: "Graph topologies: \"ba\", \"er\", \"ws\", \"rr\", \"ring\".",
                affectsResults: true,
                read: { .array($0.topologies.map(JSONValue.string)) },
                write: { config, value throws(ConfigError) in
                    let names = try strings(value)
                    for name in names where !SweepConfig.topologyNames.contains(name) {
                        throw ConfigError(message: "unknown topology \"\(name)\"; choose from \"ba\", \"er\", \"ws\", \"rr\", \"ring\"")
                    }
                    if names.isEmpty { throw ConfigError(message: "needs at least one topology") }
                    if Set(names).count != names.count { throw ConfigError(message: "lists a topology twice") }
                    config.topologies = names
                }),
            ConfigKey(
                path: "primary_topology", documentation: "Topology of the headline D_pre, D_post and γ (must be in topologies).",
                affectsResults: true,
                read: { .string($0.primaryTopology) },
                write: { config, value throws(ConfigError) in
                    guard case .string(let s) = value else { throw ConfigKey.mismatch("a string", value) }
                    config.primaryTopology = s
                }),
        ] + taskAxisKeys + [

            .int("training.epochs", \.training.epochs, min: 1, "Full-batch gradient-descent epochs."),
            .double("training.learning_rate", \.training.learningRate, "positive", { $0 > 0 }, "Learning rate (no momentum, no weight decay)."),
            .double("training.init_std", \.training.initStd, "positive", { $0 > 0 }, "Weights start N(0, init_std²); biases start at 0."),
            .int("training.snapshot_interval", \.training.snapshotInterval, min: 1, "A gradient snapshot every this many epochs, from epoch 0."),
            .choice("training.activation", \.training.activation, "Hidden activation: \"tanh\" or \"relu\"."),

            .int("graphs.ba_m", \.graphs.baM, min: 1, "Barabási–Albert: edges per new node."),
            .int("graphs.er_mean_degree", \.graphs.erMeanDegree, min: 1, "Erdős–Rényi G(N, M): M = mean_degree · N / 2."),
            .int("graphs.ws_k", \.graphs.wsK, min: 2, "Watts–Strogatz: ring neighbours (even)."),
            .double("graphs.ws_p", \.graphs.wsP, "between 0 and 1", { $0 >= 0 && $0 <= 1 }, "Watts–Strogatz: rewiring probability."),
            .int("graphs.rr_k", \.graphs.rrK, min: 1, "Random regular: degree."),
            .int("graphs.ring_k", \.graphs.ringK, min: 2, "Ring lattice: neighbours (even)."),

            .double("probe.conservation", \.probe.conservation, "in (0, 1]", { $0 > 0 && $0 <= 1 }, "c: share of a toppling node's load passed to its neighbours."),
            .double("probe.quantile", \.probe.quantile, "in (0, 1)", { $0 > 0 && $0 < 1 }, "q: the threshold is the q-quantile of the loads."),
            .choice("probe.loads", \.probe.loads, "Loads from the gradient: \"abs\" (|g|) or \"square\" (g²)."),
            .choice("probe.mode", \.probe.mode, "\"global\": one cascade per field; \"per_seed\": one avalanche per supra-threshold node."),
            .bool("probe.permute", \.probe.permute, "Place parameters on nodes by a seeded random permutation (false: parameter i on node i)."),
            .bool("probe.control", \.probe.control, "Also probe i.i.d. Gaussian fields of the same N (gives D_synth)."),
            ConfigKey(
                path: "probe.control_fields", documentation: "Gaussian control fields per (width, seed, topology); 0 means one per gradient snapshot.",
                affectsResults: true,
                read: { .int($0.probe.controlFields ?? 0) },
                write: { config, value throws(ConfigError) in
                    guard case .integer(let n) = value else { throw ConfigKey.mismatch("an integer", value) }
                    guard n >= 0 else { throw ConfigError(message: "must be at least 0, found \(n)") }
                    config.probe.controlFields = n == 0 ? nil : n
                }),

            .choice("analysis.statistic", \.analysis.statistic, "Headline S(N): \"mean\", \"logmean\", \"max\" or \"extent\"."),
            .int("analysis.window", \.analysis.window, min: 1, "Width in epochs of the onset-aligned D(τ) windows."),
            .int("analysis.min_widths", \.analysis.minWidths, min: 2, "A fit needs at least this many widths."),
            .int("analysis.bootstrap_resamples", \.analysis.bootstrapResamples, min: 1, "Bootstrap resamples (seeds within each width)."),
            .double("analysis.confidence", \.analysis.confidence, "in (0, 1)", { $0 > 0 && $0 < 1 }, "Level of the percentile intervals."),
            .int("analysis.collapse_bins_per_decade", \.analysis.collapseBinsPerDecade, min: 1, "Log bins per decade of s for P(s|N) in the data collapse."),

            .int("network.heartbeat_interval_ms", \.network.heartbeatIntervalMs, min: 10, affectsResults: false, "Heartbeat interval, both ways."),
            .int("network.heartbeat_liveness", \.network.heartbeatLiveness, min: 1, affectsResults: false, "Missed heartbeats before a peer is presumed dead."),
            .int("network.lease_timeout_s", \.network.leaseTimeoutS, min: 1, affectsResults: false, "A task leased longer than this is leased again."),
            .int("network.max_attempts", \.network.maxAttempts, min: 1, affectsResults: false, "Attempts before a failing task is recorded as failed."),
        ] + taskKnobKeys
    }

    static func integers(_ value: TOMLValue, minimum: Int) throws(ConfigError) -> [Int] {
        guard case .array(let items) = value else { throw ConfigKey.mismatch("an array of integers", value) }
        if items.isEmpty { throw ConfigError(message: "must not be empty") }
        var result: [Int] = []
        for item in items {
            guard case .integer(let n) = item.value else { throw ConfigError(message: "must be an array of integers, found \(item.value.typeDescription) in it") }
            guard n >= minimum else { throw ConfigError(message: "values must be at least \(minimum), found \(n)") }
            result.append(n)
        }
        return result
    }

    static func strings(_ value: TOMLValue) throws(ConfigError) -> [String] {
        guard case .array(let items) = value else { throw ConfigKey.mismatch("an array of strings", value) }
        var result: [String] = []
        for item in items {
            guard case .string(let s) = item.value else { throw ConfigError(message: "must be an array of strings, found \(item.value.typeDescription) in it") }
            result.append(s)
        }
        return result
    }
}

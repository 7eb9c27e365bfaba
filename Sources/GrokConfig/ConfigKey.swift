import GrokProbe
import GrokTraining

/// One configurable key: where it lives in the TOML file, what it means, how it is read,
/// written and checked. The table ``SweepConfig/keys`` drives the file parser, the printed
/// example, the report's `config` block and the configuration hash, so they cannot drift apart.
public struct ConfigKey: Sendable {
    /// Dotted path, e.g. "training.epochs"; top-level keys have no dot.
    public let path: String
    public let documentation: String
    /// True for keys a task's result depends on (grid, training, graphs, probe): only those make
    /// up the configuration hash, the sweep's identity. Analysis, report and network keys change
    /// no computed task, so they may change between a run, its resume and `report --set`.
    public let affectsResults: Bool
    let read: @Sendable (SweepConfig) -> JSONValue
    let write: @Sendable (inout SweepConfig, TOMLValue) throws(ConfigError) -> Void
    /// The accepted values, as the commented example prints them ("1 … 100000"); "" when the
    /// documentation already says.
    public var range: String = ""
    /// Keys added after the first reports (the task axes): left out of the `config` block, the
    /// hash and the TOML text while they hold their default value, so older sweeps keep their bytes.
    var omittedAtDefault = false

    /// Whether this key is left out of `config`'s renderings (see ``omittedAtDefault``).
    /// `omissionBases` are ``SweepConfig/omissionBases``: the key is left out only while its
    /// value is that of the defaults *and* of the configuration's preset. Parsing the TOML text
    /// starts from the preset, so a key left out while the preset differs (`preset = "ising"`
    /// with `dropouts = [0]`) would come back with the preset's value: another configuration,
    /// and workers that compute another hash than their coordinator.
    func isOmitted(in config: SweepConfig, omissionBases: [SweepConfig]) -> Bool {
        guard omittedAtDefault else { return false }
        let value = read(config)
        return omissionBases.allSatisfy { read($0) == value }
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
            }, range: max == .max ? "≥ \(min)" : "\(min) … \(max)")
    }

    static func double(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, Double> & Sendable, _ rule: String,
        _ valid: @escaping @Sendable (Double) -> Bool, affectsResults: Bool = true, _ doc: String
    ) -> ConfigKey {
        ConfigKey(
            path: path, documentation: doc, affectsResults: affectsResults,
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
            }, range: rule)
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, E> & Sendable, affectsResults: Bool = true, _ doc: String
    ) -> ConfigKey where E.RawValue == String {
        ConfigKey(
            path: path, documentation: doc, affectsResults: affectsResults,
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
                path: "preset",
                documentation:
                    "Start from a named preset (\(SweepConfig.presetNames.map { "\"\($0)\"" }.joined(separator: ", "))), then apply the keys below.",
                affectsResults: false,
                read: { .string($0.preset) },
                write: { config, value throws(ConfigError) in
                    guard case .string(let name) = value else { throw ConfigKey.mismatch("a string", value) }
                    guard let preset = SweepConfig.preset(named: name) else {
                        throw ConfigError(
                            message: "unknown preset \"\(name)\"; presets: \(SweepConfig.presetNames.map { "\"\($0)\"" }.joined(separator: ", "))")
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
                path: "widths",
                documentation:
                    "Hidden-layer widths h; each run has N = 4h + 1 parameters. Range: 1 … \(ConfigLimits.maxWidth), at most \(ConfigLimits.maxWidthCount) widths, widths × seeds ≤ \(ConfigLimits.maxTasks); epochs / snapshot_interval + 1 ≤ \(ConfigLimits.maxSnapshots).",
                affectsResults: true,
                read: { .array($0.widths.map(JSONValue.int)) },
                write: { config, value throws(ConfigError) in
                    config.widths = try integers(value, minimum: 1, maximum: ConfigLimits.maxWidth).sorted()
                    if config.widths.count > ConfigLimits.maxWidthCount {
                        throw ConfigError(message: "lists \(config.widths.count) widths; at most \(ConfigLimits.maxWidthCount)")
                    }
                    if Set(config.widths).count != config.widths.count { throw ConfigError(message: "lists a width twice") }
                }),
            .int("seeds", \.seeds, min: 1, max: ConfigLimits.maxSeeds, "Seeds per width (seed indices 0 … seeds−1)."),
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
                affectsResults: false,
                read: { .string($0.primaryTopology) },
                write: { config, value throws(ConfigError) in
                    guard case .string(let s) = value else { throw ConfigKey.mismatch("a string", value) }
                    config.primaryTopology = s
                }),
        ] + taskAxisKeys + [

            .int("training.epochs", \.training.epochs, min: 1, max: ConfigLimits.maxEpochs, "Full-batch gradient-descent epochs."),
            .double(
                "training.learning_rate", \.training.learningRate, "positive", { $0 > 0 },
                "Learning rate of every optimizer of the grid (gd: plain steps; momentum, Adam moments and weight decay come from the optimizers, regularizers and weight_decays axes)."
            ),
            .double("training.init_std", \.training.initStd, "positive", { $0 > 0 }, "Weights start N(0, init_std²); biases start at 0."),
            .int(
                "training.snapshot_interval", \.training.snapshotInterval, min: 1, max: ConfigLimits.maxEpochs,
                "A gradient snapshot every this many epochs, from epoch 0."),
            .choice("training.activation", \.training.activation, "Hidden activation: \"tanh\" or \"relu\"."),
            .choice(
                "training.width_scaling", \.training.widthScaling,
                "Above reference_width: \"none\", \"lr\" (learning rate × h_ref/h) or \"init\" (init_std × √(h_ref/h))."),
            .int("training.reference_width", \.training.referenceWidth, min: 1, "h_ref of width_scaling: widths up to it train unscaled."),
            // Omitted while at its default, so that every report written before the key keeps its bytes.
            ConfigKey.choice(
                "training.precision", \.training.precision,
                "Arithmetic of the dense layers: \"float64\" (default) or \"float32\" (modadd, parity, rule: twice the SIMD lanes; θ, the optimizer and the snapshots stay float64; docs/kernels.md)."
            ).omittedWhenDefault(),

            .int("graphs.ba_m", \.graphs.baM, min: 1, max: ConfigLimits.maxDegree, "Barabási–Albert: edges per new node."),
            .int(
                "graphs.er_mean_degree", \.graphs.erMeanDegree, min: 1, max: ConfigLimits.maxDegree, "Erdős–Rényi G(N, M): M = mean_degree · N / 2."),
            .int("graphs.ws_k", \.graphs.wsK, min: 2, max: ConfigLimits.maxDegree, "Watts–Strogatz: ring neighbours (even)."),
            .double("graphs.ws_p", \.graphs.wsP, "between 0 and 1", { $0 >= 0 && $0 <= 1 }, "Watts–Strogatz: rewiring probability."),
            .int("graphs.rr_k", \.graphs.rrK, min: 1, max: ConfigLimits.maxDegree, "Random regular: degree."),
            .int("graphs.ring_k", \.graphs.ringK, min: 2, max: ConfigLimits.maxDegree, "Ring lattice: neighbours (even)."),

            .double(
                "probe.conservation", \.probe.conservation, "in (0, 1]", { $0 > 0 && $0 <= 1 },
                "c: share of a toppling node's load passed to its neighbours."),
            .double("probe.quantile", \.probe.quantile, "in (0, 1)", { $0 > 0 && $0 < 1 }, "q: the threshold is the q-quantile of the loads."),
            .choice("probe.loads", \.probe.loads, "Loads from the gradient: \"abs\" (|g|) or \"square\" (g²)."),
            .choice("probe.mode", \.probe.mode, "\"global\": one cascade per field; \"per_seed\": one avalanche per supra-threshold node."),
            .bool("probe.permute", \.probe.permute, "Place parameters on nodes by a seeded random permutation (false: parameter i on node i)."),
            .bool("probe.control", \.probe.control, "Also probe i.i.d. Gaussian fields of the same N (gives D_synth)."),
            ConfigKey(
                path: "probe.control_fields",
                documentation: "Gaussian control fields per (width, seed, topology); 0 means one per gradient snapshot.",
                affectsResults: true,
                read: { .int($0.probe.controlFields ?? 0) },
                write: { config, value throws(ConfigError) in
                    guard case .integer(let n) = value else { throw ConfigKey.mismatch("an integer", value) }
                    guard n >= 0 && n <= ConfigLimits.maxSnapshots else {
                        throw ConfigError(message: "must be between 0 and \(ConfigLimits.maxSnapshots), found \(n)")
                    }
                    config.probe.controlFields = n == 0 ? nil : n
                }),
        ] + probeBranchingKeys + [

            .choice(
                "analysis.statistic", \.analysis.statistic, affectsResults: false, "Headline S(N): \"mean\", \"logmean\", \"max\" or \"extent\"."),
            .int(
                "analysis.window", \.analysis.window, min: 1, max: ConfigLimits.maxEpochs, affectsResults: false,
                "Width in epochs of the onset-aligned D(τ) windows."),
            ConfigKey(
                path: "analysis.min_widths",
                documentation:
                    "Widths D_pre, D_post and D_synth need (0: every width of the grid); a D(τ) window with them all is \"covered\". Range: 0 or 2 … \(ConfigLimits.maxWidthCount).",
                affectsResults: false,
                read: { .int($0.analysis.minWidths) },
                write: { config, value throws(ConfigError) in
                    guard case .integer(let n) = value else { throw ConfigKey.mismatch("an integer", value) }
                    guard n == 0 || (n >= 2 && n <= ConfigLimits.maxWidthCount) else {
                        throw ConfigError(message: "must be 0 (every width) or between 2 and \(ConfigLimits.maxWidthCount), found \(n)")
                    }
                    config.analysis.minWidths = n
                }),
            .int(
                "analysis.bootstrap_resamples", \.analysis.bootstrapResamples, min: 1, max: ConfigLimits.maxResamples, affectsResults: false,
                "Bootstrap resamples (seeds within each width)."),
            .double(
                "analysis.confidence", \.analysis.confidence, "in (0, 1)", { $0 > 0 && $0 < 1 }, affectsResults: false,
                "Level of the percentile intervals."),
            .int(
                "analysis.collapse_bins_per_decade", \.analysis.collapseBinsPerDecade, min: 1, max: 1000, affectsResults: false,
                "Log bins per decade of s for P(s|N) in the data collapse."),
            .int(
                "analysis.pre_window", \.analysis.preWindow, min: 1, max: ConfigLimits.maxEpochs, affectsResults: false,
                "D_pre from τ ∈ [−pre_window, 0) epochs."),
            .int(
                "analysis.post_window", \.analysis.postWindow, min: 1, max: ConfigLimits.maxEpochs, affectsResults: false,
                "D_post from τ ∈ [0, post_window) epochs; also the Gini-peak window."),
            .int(
                "analysis.min_runs_per_width", \.analysis.minRunsPerWidth, min: 1, max: ConfigLimits.maxSeeds, affectsResults: false,
                "A width takes part in a window's fit only if this many of its runs (at most seeds) have snapshots in it."),
            .int(
                "analysis.crossing_window", \.analysis.crossingWindow, min: 0, max: ConfigLimits.maxEpochs, affectsResults: false,
                "Window in epochs of the finer τ* estimate (0: none)."),
            .int(
                "analysis.local_slope_widths", \.analysis.localSlopeWidths, min: 2, max: ConfigLimits.maxWidthCount, affectsResults: false,
                "Adjacent widths per local slope."),
            .double(
                "analysis.saturation_limit", \.analysis.saturationLimit, "in [0, 1]", { $0 >= 0 && $0 <= 1 }, affectsResults: false,
                "A width and phase with more than this share of cascades with extent = N is flagged saturated."),
            .int(
                "analysis.collapse_resamples", \.analysis.collapseResamples, min: 0, max: ConfigLimits.maxResamples, affectsResults: false,
                "Bootstrap resamples (the first ones) with a global collapse refit (headline topology)."),
            .double(
                "analysis.collapse_s_limit", \.analysis.collapseSLimit, "positive", { $0 > 0 }, affectsResults: false,
                "Houdayer–Hartmann S above which a collapse is reported as \"does not collapse\"."),
            .int(
                "analysis.gof_resamples", \.analysis.gofResamples, min: 0, max: 100_000, affectsResults: false,
                "Synthetic samples of the power-law goodness-of-fit test per width (headline topology; 0: no test)."),
        ] + warningAnalysisKeys + [

            .int(
                "network.heartbeat_interval_ms", \.network.heartbeatIntervalMs, min: 10, max: 3_600_000, affectsResults: false,
                "Heartbeat interval, both ways."),
            .int(
                "network.heartbeat_liveness", \.network.heartbeatLiveness, min: 1, max: 1000, affectsResults: false,
                "Missed heartbeats before a peer is presumed dead."),
            .int(
                "network.lease_timeout_s", \.network.leaseTimeoutS, min: 1, max: 30 * 86_400, affectsResults: false,
                "A task leased longer than this is leased again."),
            .int(
                "network.max_attempts", \.network.maxAttempts, min: 1, max: 1000, affectsResults: false,
                "Distinct hosts (principals under CURVE) a task must fail on before it is recorded as failed; on a sweep with fewer live hosts, this many failures in all."
            ),
            .int(
                "network.max_losses", \.network.maxLosses, min: 1, max: 10_000, affectsResults: false,
                "Workers lost (killed, silent, expired lease) while running one task before it is recorded as failed; losses do not count as attempts."
            ),
            .int(
                "network.replication", \.network.replication, min: 1, max: ConfigLimits.maxReplication, affectsResults: false,
                "Commit a task only when this many results from distinct workers (hosts, or CURVE keys) agree byte for byte."),
            .double(
                "network.spot_check", \.network.spotCheck, "between 0 and 1", { $0 >= 0 && $0 <= 1 }, affectsResults: false,
                "Seeded fraction of tasks the coordinator recomputes itself and compares before committing."),
            .int(
                "network.max_leases_per_worker", \.network.maxLeasesPerWorker, min: 1, max: 4096, affectsResults: false,
                "Leases one worker may hold at once, whatever slots it announces."),
            .int(
                "network.lease_floor_s", \.network.leaseFloorS, min: 1, max: 30 * 86_400, affectsResults: false,
                "Once task times of a width are measured, a lease lasts 4 × the slowest of them, but never less than this."),
            // Omitted while at its default, so that reports written before the key existed keep their bytes.
            ConfigKey.int(
                "network.quarantine_after", \.network.quarantineAfter, min: 1, max: 1_000_000, affectsResults: false,
                "Failures or invalid results in a row (no valid result between them) after which a worker is quarantined: it gets no more tasks and is told why; its failures are no longer charged to the tasks. Never the last worker able to compute."
            ).omittedWhenDefault(),
        ] + taskKnobKeys + indicatorKeys
    }

    static func integers(_ value: TOMLValue, minimum: Int, maximum: Int = .max) throws(ConfigError) -> [Int] {
        guard case .array(let items) = value else { throw ConfigKey.mismatch("an array of integers", value) }
        if items.isEmpty { throw ConfigError(message: "must not be empty") }
        var result: [Int] = []
        for item in items {
            guard case .integer(let n) = item.value else {
                throw ConfigError(message: "must be an array of integers, found \(item.value.typeDescription) in it")
            }
            guard n >= minimum && n <= maximum else {
                throw ConfigError(
                    message: maximum == .max
                        ? "values must be at least \(minimum), found \(n)" : "values must be between \(minimum) and \(maximum), found \(n)")
            }
            result.append(n)
        }
        return result
    }

    static func strings(_ value: TOMLValue) throws(ConfigError) -> [String] {
        guard case .array(let items) = value else { throw ConfigKey.mismatch("an array of strings", value) }
        var result: [String] = []
        for item in items {
            guard case .string(let s) = item.value else {
                throw ConfigError(message: "must be an array of strings, found \(item.value.typeDescription) in it")
            }
            result.append(s)
        }
        return result
    }
}

import GrokTraining

/// The configuration keys of the task axes and knobs. All of them are omitted from
/// the report's `config` block, the hash and the TOML text while at their defaults, so a
/// legacy XOR sweep keeps its bytes.
extension SweepConfig {
    static var taskAxisKeys: [ConfigKey] {
        [
            ConfigKey(
                path: "tasks",
                documentation:
                    "Training tasks (grid axis): \(TaskCatalog.names.map { "\"\($0)\"" }.joined(separator: ", ")), or the name of a [programs.NAME] table (your own training program).",
                affectsResults: true,
                read: { .array($0.taskGrid.tasks.map(JSONValue.string)) },
                write: { config, value throws(ConfigError) in
                    let names = try strings(value)
                    if names.isEmpty { throw ConfigError(message: "needs at least one task") }
                    // A program's name is checked against the [programs] tables once all are read.
                    for name in names where !TaskCatalog.names.contains(name) && !ProgramSpec.isValidName(name) {
                        throw ConfigError(
                            message:
                                "unknown task \"\(name)\"; choose from \(TaskCatalog.names.map { "\"\($0)\"" }.joined(separator: ", ")) or a [programs.NAME] table's name"
                        )
                    }
                    if Set(names).count != names.count { throw ConfigError(message: "lists a task twice") }
                    config.taskGrid.tasks = names
                }),
            choices(
                "optimizers", \.taskGrid.optimizers,
                "Optimizers (grid axis): \"gd\" full batch, \"sgd\" minibatch with momentum, \"adam\", \"adamw\" (decoupled decay)."),
            ConfigKey(
                path: "weight_decays", documentation: "Regularizer strengths λ ≥ 0 (grid axis).",
                affectsResults: true,
                read: { .array($0.taskGrid.weightDecays.map(JSONValue.double)) },
                write: { config, value throws(ConfigError) in
                    guard case .array(let items) = value, !items.isEmpty else { throw ConfigError(message: "must be a non-empty array of numbers") }
                    var values: [Double] = []
                    for item in items {
                        switch item.value {
                        case .float(let d): values.append(d)
                        case .integer(let n): values.append(Double(n))
                        default: throw ConfigError(message: "must be an array of numbers, found \(item.value.typeDescription) in it")
                        }
                    }
                    for x in values where !(x.isFinite && x >= 0) { throw ConfigError(message: "values must be finite and at least 0, found \(x)") }
                    if Set(values).count != values.count { throw ConfigError(message: "lists a weight decay twice") }
                    config.taskGrid.weightDecays = values
                }),
            choices(
                "regularizers", \.taskGrid.regularizers, "Regularizers (grid axis): \"none\", \"l2\" (coupled), \"decoupled\" (weight decay), \"l1\"."
            ),
        ].map { $0.omittedWhenDefault() }
    }

    static var taskKnobKeys: [ConfigKey] {
        [
            ConfigKey.double(
                "task.onset_accuracy", \.taskGrid.onsetAccuracy, "in (0, 1]", { $0 > 0 && $0 <= 1 },
                "t_g: first epoch with test accuracy ≥ this; t_train: the same on the training set."),
            .int(
                "task.batch_size", \.taskGrid.batchSize, min: 0,
                "Minibatch size of sgd, adam and adamw; 0 means full batch (gd is always full batch)."),
            .int("task.modadd_p", \.taskGrid.knobs.modaddModulus, min: 2, max: 1000, "modadd: the modulus p (N = 3ph)."),
            .double(
                "task.modadd_train_fraction", \.taskGrid.knobs.modaddTrainingFraction, "in (0, 1)", { $0 > 0 && $0 < 1 },
                "modadd: share of the p² pairs used for training."),
            .double(
                "task.modadd_init_scale", \.taskGrid.knobs.modaddInitScale, "positive", { $0 > 0 },
                "modadd: weights start N(0, (scale/(2h)^(1/3))²); 0.5 is Doshi et al.'s."),
            .int("task.parity_bits", \.taskGrid.knobs.parityBits, min: 1, max: 4096, "parity: n, the string length."),
            .int("task.parity_relevant", \.taskGrid.knobs.parityRelevant, min: 1, "parity: k, the number of relevant bits."),
            .int("task.parity_train", \.taskGrid.knobs.parityTraining, min: 1, "parity: M, the number of training strings."),
            .int("task.test_size", \.taskGrid.knobs.testCount, min: 1, "parity and linear: fresh test points."),
            .int("task.rule", \.taskGrid.knobs.rule, min: 0, max: 255, "rule: the elementary CA rule (Wolfram number)."),
            .int("task.rule_cells", \.taskGrid.knobs.ruleCells, min: 3, max: 20, "rule: L, the ring size (all 2^L configurations)."),
            .double(
                "task.rule_train_fraction", \.taskGrid.knobs.ruleTrainingFraction, "in (0, 1)", { $0 > 0 && $0 < 1 },
                "rule: share of the configurations used for training."),
            .double("task.linear_ratio", \.taskGrid.knobs.linearRatio, "positive", { $0 > 0 }, "linear: λ = d / N_train (the width is d)."),
            .double("optimizer.momentum", \.taskGrid.optimizer.momentum, "in [0, 1)", { $0 >= 0 && $0 < 1 }, "sgd: heavy-ball momentum μ."),
            .double("optimizer.beta1", \.taskGrid.optimizer.beta1, "in [0, 1)", { $0 >= 0 && $0 < 1 }, "adam/adamw: β1."),
            .double("optimizer.beta2", \.taskGrid.optimizer.beta2, "in [0, 1)", { $0 >= 0 && $0 < 1 }, "adam/adamw: β2 (Doshi et al.: 0.98)."),
            .double("optimizer.epsilon", \.taskGrid.optimizer.epsilon, "positive", { $0 > 0 }, "adam/adamw: ε."),
            .int("groups.lead_resamples", \.taskGrid.leadResamples, min: 1, "Early warning: bootstrap resamples of the lead time."),
            .int("groups.lead_inner_resamples", \.taskGrid.leadInnerResamples, min: 1, "Early warning: resamples behind each resample's D(τ) bands."),
            .int("groups.survival_resamples", \.taskGrid.survivalResamples, min: 1, "Bootstrap resamples of the Kaplan–Meier median t_g."),
            ConfigKey(
                path: "groups.headline",
                documentation:
                    "The group (its key, e.g. \"modadd-adamw-decoupled-wd5\") whose fits make the headline summary and timing; \"\" = the grid's first group. Every group keeps its own section.",
                affectsResults: false,
                read: { .string($0.taskGrid.headlineGroup) },
                write: { config, value throws(ConfigError) in
                    guard case .string(let s) = value else { throw ConfigKey.mismatch("a string", value) }
                    config.taskGrid.headlineGroup = s
                }),
        ].map { $0.omittedWhenDefault() }
    }

    static func choices<E: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, [E]> & Sendable, _ doc: String
    ) -> ConfigKey where E.RawValue == String {
        ConfigKey(
            path: path, documentation: doc, affectsResults: true,
            read: { .array($0[keyPath: keyPath].map { JSONValue.string($0.rawValue) }) },
            write: { config, value throws(ConfigError) in
                let names = try strings(value)
                if names.isEmpty { throw ConfigError(message: "must not be empty") }
                var values: [E] = []
                for name in names {
                    guard let e = E(rawValue: name) else {
                        throw ConfigError(
                            message: "unknown value \"\(name)\"; choose from \(E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
                    }
                    values.append(e)
                }
                if Set(values).count != values.count { throw ConfigError(message: "lists a value twice") }
                config[keyPath: keyPath] = values
            })
    }
}

extension ConfigKey {
    func omittedWhenDefault() -> ConfigKey {
        var key = self
        key.omittedAtDefault = true
        return key
    }
}

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
            numbers(
                "dropouts", \.taskGrid.dropouts, "in [0, 1)", { $0 >= 0 && $0 < 1 },
                "Dropout rates p of the hidden units (grid axis; tasks that read it: ising). The snapshot gradient is taken without dropout."),
            numbers(
                "softmax_betas", \.taskGrid.softmaxBetas, "positive", { $0 > 0 },
                "Softmax inverse temperatures β (grid axis; tasks with a softmax output: ising)."),
            numbers(
                "init_scales", \.taskGrid.initScales, "positive", { $0 > 0 },
                "Init scales (grid axis; tasks that read it: ising); [] = each task's own default.",
                allowEmpty: true),
            choices(
                "regularizers", \.taskGrid.regularizers, "Regularizers (grid axis): \"none\", \"l2\" (coupled), \"decoupled\" (weight decay), \"l1\"."
            ),
        ].map { $0.omittedWhenDefault() }
    }

    static var taskKnobKeys: [ConfigKey] {
        // The order of the keys before the seam (the TOML text and the hash list them in it):
        // onset_accuracy and batch_size, then the tasks' knobs, then the optimizer and groups keys.
        let declared: [ConfigKey] = TaskCatalog.knobs.map(knobKey)
        return (generalTaskKeys.prefix(2) + declared + generalTaskKeys.dropFirst(2)).map { $0.omittedWhenDefault() }
    }

    /// A knob a task declares, as the configuration key `task.<name>`.
    static func knobKey(_ knob: TaskKnob) -> ConfigKey {
        ConfigKey(
            path: "task.\(knob.name)", documentation: knob.documentation, affectsResults: true,
            read: { knob.isInteger ? .int($0.taskGrid.knobs.integer(knob.name)) : .double($0.taskGrid.knobs[knob.name]) },
            write: { config, value throws(ConfigError) in
                let x: Double
                switch (value, knob.isInteger) {
                case (.integer(let n), _): x = Double(n)
                case (.float(let d), false): x = d
                default: throw ConfigKey.mismatch(knob.isInteger ? "an integer" : "a number", value)
                }
                if let problem = knob.problem(with: x) { throw ConfigError(message: problem) }
                config.taskGrid.knobs[knob.name] = x
            }, range: knob.range)
    }

    /// The `[task]`, `[optimizer]` and `[groups]` keys no single task declares.
    private static var generalTaskKeys: [ConfigKey] {
        [
            ConfigKey.double(
                "task.onset_accuracy", \.taskGrid.onsetAccuracy, "in (0, 1]", { $0 > 0 && $0 <= 1 },
                "t_g: first epoch with test accuracy ≥ this; t_train: the same on the training set."),
            .int(
                "task.batch_size", \.taskGrid.batchSize, min: 0,
                "Minibatch size of sgd, adam and adamw; 0 means full batch (gd is always full batch)."),
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
        ]
    }

    /// A grid axis of distinct finite numbers for which `valid` holds.
    static func numbers(
        _ path: String, _ keyPath: WritableKeyPath<SweepConfig, [Double]> & Sendable, _ rule: String, _ valid: @escaping @Sendable (Double) -> Bool,
        _ doc: String, allowEmpty: Bool = false
    ) -> ConfigKey {
        ConfigKey(
            path: path, documentation: doc, affectsResults: true,
            read: { .array($0[keyPath: keyPath].map(JSONValue.double)) },
            write: { config, value throws(ConfigError) in
                guard case .array(let items) = value, allowEmpty || !items.isEmpty else {
                    throw ConfigError(message: allowEmpty ? "must be an array of numbers" : "must be a non-empty array of numbers")
                }
                var values: [Double] = []
                for item in items {
                    switch item.value {
                    case .float(let d): values.append(d)
                    case .integer(let n): values.append(Double(n))
                    default: throw ConfigError(message: "must be an array of numbers, found \(item.value.typeDescription) in it")
                    }
                }
                for x in values where !(x.isFinite && valid(x)) { throw ConfigError(message: "values must be \(rule), found \(x)") }
                if Set(values).count != values.count { throw ConfigError(message: "lists a value twice") }
                config[keyPath: keyPath] = values
            }, range: rule)
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

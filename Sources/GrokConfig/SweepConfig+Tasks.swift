import GrokNumerics
import GrokTasks
import GrokTraining

extension SweepConfig {
    /// Every group of the grid (tasks × optimizers × regularizers × weight decays × dropouts ×
    /// softmax βs × init scales), in the configuration's axis order; every listed combination is
    /// a group (`none` ignores λ).
    public var taskGroups: [TaskGroup] {
        let g = taskGrid
        let scales: [Double?] = g.initScales.isEmpty ? [nil] : g.initScales.map { $0 }
        let variants = g.dropouts.flatMap { p in
            g.softmaxBetas.flatMap { b in scales.map { TaskVariant(dropout: p, softmaxBeta: b, initScale: $0) } }
        }
        return g.tasks.flatMap { t in
            g.optimizers.flatMap { o in
                g.regularizers.flatMap { r in
                    g.weightDecays.flatMap { wd in variants.map { TaskGroup(task: t, optimizer: o, regularizer: r, weightDecay: wd, variant: $0) } }
                }
            }
        }
    }

    /// Whether this sweep is the legacy XOR grid (one group, every new axis at its default).
    public var isLegacyGrid: Bool { taskGroups == [.legacy] }

    /// The group of the headline `summary` and `timing`: `groups.headline`, or the first group.
    public var headlineGroup: TaskGroup {
        taskGroups.first { $0.key == taskGrid.headlineGroup } ?? taskGroups.first ?? .legacy
    }

    /// The task a group trains, built from this sweep's knobs (nil for an unknown name).
    public func trainingTask(named name: String) -> (any TrainingTask)? {
        TaskCatalog.task(named: name, knobs: taskGrid.knobs, activation: training.activation)
    }

    /// N of a run of `task` at `width` — what the result validator checks a result against.
    public func parameterCount(task: String, width: Int) -> Int? {
        trainingTask(named: task)?.parameterCount(width: width)
    }

    /// How a group's runs are trained.
    public func trainingSetup(_ group: TaskGroup) -> TrainingSetup {
        TrainingSetup(
            epochs: training.epochs, learningRate: training.learningRate, snapshotInterval: training.snapshotInterval,
            optimizer: group.optimizer, settings: taskGrid.optimizer, regularizer: group.regularizer, weightDecay: group.weightDecay,
            batchSize: taskGrid.batchSize, onsetAccuracy: taskGrid.onsetAccuracy, initStd: training.initStd,
            indicators: indicatorSettings, precision: training.precision, dropout: group.variant.dropout,
            softmaxBeta: group.variant.softmaxBeta, initScale: group.variant.initScale)
    }

    /// Whether the grid moves `axis` off its default.
    func axisIsSet(_ axis: TaskAxis) -> Bool {
        switch axis {
        case .dropout: return taskGrid.dropouts != [0]
        case .softmaxBeta: return taskGrid.softmaxBetas != [1]
        case .initScale: return !taskGrid.initScales.isEmpty
        }
    }

    /// The relations of the new axes that no single key can check.
    func validateTaskGrid() throws(ConfigError) {
        for program in programs where TaskCatalog.names.contains(program.name) {
            throw ConfigError(key: "programs.\(program.name)", message: "\"\(program.name)\" is a built-in task; give the program another name")
        }
        for name in taskGrid.tasks where !TaskCatalog.names.contains(name) && program(named: name) == nil {
            let programNames = programs.map { "\"\($0.name)\"" }
            throw ConfigError(
                key: "tasks",
                message:
                    "unknown task \"\(name)\"; choose from \((TaskCatalog.names.map { "\"\($0)\"" } + programNames).joined(separator: ", ")), or declare [programs.\(name)] with its command"
            )
        }
        for name in taskGrid.tasks {
            let declared = TaskCatalog.entry(named: name)?.properties.axes ?? []
            for axis in TaskAxis.allCases where !declared.contains(axis) && axisIsSet(axis) {
                let readers = TaskCatalog.entries.filter { $0.properties.axes.contains(axis) }.map { "\"\($0.name)\"" }
                throw ConfigError(
                    key: axis.rawValue,
                    message:
                        "the task \"\(name)\" does not read \(axis.rawValue); leave it at its default, or run it in a separate sweep with a task that does (\(readers.isEmpty ? "none yet" : readers.joined(separator: ", ")))"
                )
            }
        }
        let keys = taskGroups.map(\.key)
        if !taskGrid.headlineGroup.isEmpty && !keys.contains(taskGrid.headlineGroup) {
            throw ConfigError(
                key: "groups.headline",
                message:
                    "\"\(taskGrid.headlineGroup)\" is not a group of this grid; use one of \(keys.map { "\"\($0)\"" }.joined(separator: ", ")) or \"\" for the first"
            )
        }
        if training.precision != .float64, let name = taskGrid.tasks.first(where: { program(named: $0) != nil }) {
            throw ConfigError(
                key: "training.precision",
                message:
                    "\"\(training.precision.rawValue)\" applies to the built-in tasks modadd, parity and rule; the program \"\(name)\" computes in its own precision: leave training.precision at \"float64\""
            )
        }
        for group in taskGroups {
            if group.optimizer == .adamw && group.regularizer != .decoupled && group.regularizer != .none {
                throw ConfigError(
                    key: "regularizers",
                    message:
                        "adamw decouples its weight decay: pair it with \"decoupled\" (or \"none\"), not \"\(group.regularizer.rawValue)\"; use optimizer \"adam\" for a coupled penalty"
                )
            }
            guard let task = trainingTask(named: group.task) else { continue }
            for width in widths {
                do { try task.validate(width: width, setup: trainingSetup(group)) } catch {
                    throw ConfigError(key: "tasks", message: error.message)
                }
            }
        }
    }
}

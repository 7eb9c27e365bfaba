import GrokTasks

extension SweepConfig {
    /// Every task of the sweep in canonical order (group, then width, then seed).
    public var tasks: [SweepTask] {
        taskGroups.sorted().flatMap { g in
            widths.sorted().flatMap { w in (0..<seeds).map { SweepTask(width: w, seedIndex: $0, group: g) } }
        }
    }
}

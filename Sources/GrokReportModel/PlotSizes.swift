import GrokTasks

/// The cascade sizes the report's size plots draw (the headline group's primary topology), as
/// per-width histograms (size → count) instead of lists: every plot that reads them (the
/// control's CCDF, the log-binned collapse densities) depends only on the counts of each size,
/// so the SVG bytes are those of the lists, and memory is O(distinct sizes), not O(cascades).
public struct PlotSizes: Sendable, Hashable {
    /// Which rows are drawn: the primary topology's, of the headline group (nil: every run,
    /// a legacy XOR report), with the fixed windows τ ∈ [−preWindow, 0) and [0, postWindow).
    public struct Selection: Sendable, Hashable {
        public var topology: String
        public var headlineGroup: String?
        public var preWindow: Int
        public var postWindow: Int
        public init(topology: String, headlineGroup: String?, preWindow: Int, postWindow: Int) {
            self.topology = topology; self.headlineGroup = headlineGroup; self.preWindow = preWindow; self.postWindow = postWindow
        }
    }

    public let selection: Selection
    /// width → size → count, for gradient cascades (grokked or not), the control, and the
    /// gradient cascades in the pre and post windows.
    public private(set) var gradient: [Int: [Int: Int]] = [:]
    public private(set) var control: [Int: [Int: Int]] = [:]
    public private(set) var pre: [Int: [Int: Int]] = [:]
    public private(set) var post: [Int: [Int: Int]] = [:]

    public init(selection: Selection) { self.selection = selection }

    /// Adds one run's cascades (any order: histograms do not remember it).
    public mutating func add(_ r: TaskResult) {
        guard selection.headlineGroup == nil || r.task.group.key == selection.headlineGroup,
            let t = r.topologies.first(where: { $0.topology == selection.topology })
        else { return }
        let width = r.task.width
        for (i, field) in t.gradient.enumerated() where field.error == nil {
            let epoch = i < r.snapshotEpochs.count ? r.snapshotEpochs[i] : nil
            let tau = epoch.flatMap { e in r.onsetEpoch.map { e - $0 } }
            for c in field.cascades {
                gradient[width, default: [:]][c.size, default: 0] += 1
                if let tau {
                    if tau < 0 && tau >= -selection.preWindow { pre[width, default: [:]][c.size, default: 0] += 1 }
                    if tau >= 0 && tau < selection.postWindow { post[width, default: [:]][c.size, default: 0] += 1 }
                }
            }
        }
        for field in t.control where field.error == nil {
            for c in field.cascades { control[width, default: [:]][c.size, default: 0] += 1 }
        }
    }

    /// Adds another set of histograms of the same selection (a run folded elsewhere).
    public mutating func merge(_ other: PlotSizes) {
        func into(_ a: inout [Int: [Int: Int]], _ b: [Int: [Int: Int]]) {
            for (width, histogram) in b { a[width, default: [:]].merge(histogram, uniquingKeysWith: +) }
        }
        into(&gradient, other.gradient); into(&control, other.control); into(&pre, other.pre); into(&post, other.post)
    }
}

import Foundation
import GrokConfig
import GrokReportModel
import GrokSweep
import Testing

/// A linear-control grid (N = d = width, far from XOR's 4h + 1) with two weight decays.
private func linearGrid(headline: String? = nil) throws -> SweepConfig {
    try SweepConfig.load(
        toml: """
            widths = [8, 12, 16]
            seeds = 3
            topologies = ["ba"]
            tasks = ["linear"]
            optimizers = ["gd"]
            regularizers = ["l2"]
            weight_decays = [0.0, 0.001]
            [training]
            epochs = 200
            learning_rate = 0.8
            snapshot_interval = 5
            [probe]
            control_fields = 2
            [analysis]
            bootstrap_resamples = 50
            window = 10
            pre_window = 50
            post_window = 50
            [task]
            test_size = 200
            linear_ratio = 0.25
            [groups]
            lead_resamples = 5
            lead_inner_resamples = 10
            survival_resamples = 20
            \(headline.map { "headline = \"\($0)\"" } ?? "")
            """)
}

private extension JSONValue {
    var intValue: Int? { if case .int(let n) = self { return n }; return nil }
    var stringValue: String? { if case .string(let t) = self { return t }; return nil }
    var items: [JSONValue] { if case .array(let list) = self { return list }; return [] }
}

/// Every object in `value` that names both a width and an N, and every width list.
private func widthClaims(_ value: JSONValue, path: String = "") -> (pairs: [(path: String, width: Int, n: Int)], lists: [(String, [Int])]) {
    var pairs: [(String, Int, Int)] = [], lists: [(String, [Int])] = []
    switch value {
    case .object(let items):
        let dict = Dictionary(items, uniquingKeysWith: { a, _ in a })
        if let w = dict["width"]?.intValue, let n = dict["N"]?.intValue { pairs.append((path, w, n)) }
        for (key, child) in items {
            if ["widths_used", "saturated_widths"].contains(key), case .array(let list) = child {
                lists.append((path + "." + key, list.compactMap(\.intValue)))
            }
            let inner = widthClaims(child, path: path + "." + key)
            pairs += inner.pairs
            lists += inner.lists
        }
    case .array(let list):
        for (i, child) in list.enumerated() {
            let inner = widthClaims(child, path: path + "[\(i)]")
            pairs += inner.pairs
            lists += inner.lists
        }
    default: break
    }
    return (pairs, lists)
}

@Suite("Non-XOR tasks: per-width N is the task's, and the headline and timing name their group")
struct TaskWidthAndHeadlineTests {
    @Test("every (width, N) the report states has N = the task's N(h), never XOR's 4h + 1, and width lists name grid widths")
    func widthsAreTheTasks() throws {
        let config = try linearGrid()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        #expect(outcome.failures.isEmpty)
        let report = ReportBuilder.build(config: config, results: outcome.results, provenance: Provenance(gitCommit: nil, hostCount: 1))
        var claims = 0
        for block in ["summary", "timing", "groups", "runs"] {
            guard let value = report[block] else { continue }
            let found = widthClaims(value, path: block)
            for p in found.pairs {
                #expect(p.n == config.parameterCount(task: "linear", width: p.width), "\(p.path): width \(p.width) with N = \(p.n)")
                claims += 1
            }
            for (path, list) in found.lists {
                #expect(list.allSatisfy(config.widths.contains), "\(path): \(list) are not grid widths \(config.widths)")
            }
        }
        #expect(claims >= 2 * 3, "the timing blocks alone state a (width, N) per width and group")
        let timing = report["timing"]?["per_width"]?.items ?? []
        #expect(timing.map { $0["N"]?.intValue } == [8, 12, 16])
    }

    @Test("groups.headline picks the group of summary and timing; timing is per group; an unknown group is refused by name")
    func headlineIsChosenAndTimingPerGroup() throws {
        let first = try linearGrid()
        let key = "linear-gd-l2-wd0.001"
        #expect(first.taskGroups.map(\.key) == ["linear-gd-l2-wd0", key])
        let chosen = try linearGrid(headline: key)
        let outcome = InProcessSweep.run(config: chosen, threads: 2)
        let provenance = Provenance(gitCommit: nil, hostCount: 1)
        let report = ReportBuilder.build(config: chosen, results: outcome.results, provenance: provenance)
        #expect(report["summary"]?["group"]?.stringValue == key)
        #expect(report["summary"]?["runs"]?.intValue == 9)
        #expect(report["timing"]?["group"]?.stringValue == key)
        let byGroup = report["timing"]?["by_group"]?.items ?? []
        #expect(byGroup.compactMap { $0["group"]?.stringValue } == ["linear-gd-l2-wd0", key])
        for g in byGroup {
            #expect((g["per_width"]?.items ?? []).allSatisfy { $0["runs"]?.intValue == 3 }, "each group's width has its own 3 seeds, not 6 pooled")
        }
        #expect(report["timing"]?["per_width"] == byGroup.last?["per_width"])
        let defaulted = ReportBuilder.build(config: first, results: outcome.results, provenance: provenance)
        #expect(defaulted["summary"]?["group"]?.stringValue == "linear-gd-l2-wd0")
        #expect(throws: ConfigError.self) { try linearGrid(headline: "linear-gd-l2-wd7") }
        do { _ = try linearGrid(headline: "linear-gd-l2-wd7") } catch {
            #expect("\(error)".contains("groups.headline"))
        }
    }
}

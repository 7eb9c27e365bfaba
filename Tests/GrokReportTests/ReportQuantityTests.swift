import Foundation
import GrokConfig
import GrokReportModel
import GrokTestSupport
import Testing

@Suite("Report quantities: one declaration each, read by the writer, the readers and the docs")
struct ReportQuantityTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/report-quantities.md")

    @Test("docs/report-quantities.md carries the table made from the declarations, word for word")
    func documented() throws {
        let text = try String(contentsOf: Self.docs, encoding: .utf8)
        #expect(text.contains(ReportQuantity.markdownTable), "paste this table under 'Headline quantities':\n\(ReportQuantity.markdownTable)")
    }

    @Test("the writer puts every declared quantity in the summary (an error only when a fit fails), in the declared shape")
    func written() throws {
        let summary = try #require(TestGrids.smallReport["summary"])
        for q in ReportQuantity.all where q != .error {
            let value = try #require(summary[q], "\(q) is missing from summary")
            switch q.shape {
            case .estimate: #expect(value["value"] != nil && value["std"] != nil, "\(q) is not an estimate object")
            case .estimatePerTopology: #expect(value["ba"]?["value"] != nil && value["ring"]?["value"] != nil, "\(q) is not per topology")
            case .integer: if case .int = value {} else { Issue.record("\(q) is not an integer") }
            case .number: if case .double = value {} else { Issue.record("\(q) is not a number") }
            case .text: if case .string = value {} else { Issue.record("\(q) is not text") }
            }
        }
        #expect(summary[.error] == nil)
    }

    @Test("keys are unique")
    func unique() {
        #expect(Set(ReportQuantity.all.map(\.key)).count == ReportQuantity.all.count)
    }
}

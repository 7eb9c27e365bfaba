import Foundation
import GrokConfig
import GrokTestSupport
import Testing

@Suite("Readable pins: a failing digest pin names the first differing key and both values")
struct PinTests {
    static func report(dPost: Double) -> String {
        JSONValue.object([
            ("format", .string("grokscale-report/1")),
            (
                "summary",
                .object([
                    (
                        "gradient",
                        .array([
                            .object([
                                ("topology", .string("ba")),
                                ("D_post", .object([("value", .double(dPost)), ("ci", .array([.double(1.0), .double(1.2)]))])),
                            ])
                        ])
                    )
                ])
            ),
        ]).serialized()
    }

    @Test("one changed number: its line, its key path and both values")
    func changedNumber() throws {
        let message = try #require(Pin.firstDifference(expected: Self.report(dPost: 1.118), actual: Self.report(dPost: 1.119)))
        #expect(message.contains("summary.gradient[…].D_post"), "\(message)")
        #expect(message.contains("1.118") && message.contains("1.119"), "\(message)")
    }

    @Test("equal texts have no difference; a longer text differs at its first extra line")
    func equalAndLonger() {
        #expect(Pin.firstDifference(expected: "a\nb", actual: "a\nb") == nil)
        #expect(Pin.firstDifference(expected: "a", actual: "a\nb")?.contains("line 2") == true)
    }

    // Off while re-pinning: a mismatch then writes the pinned text, and this test's is altered.
    @Test(
        "a digest that matches is no mismatch; one that does not names the change against the pinned text",
        .enabled(if: ProcessInfo.processInfo.environment["GROKSCALE_REPIN"] != "1"))
    func mismatch() {
        let text = TestGrids.smallReport.serialized()
        #expect(Pin.mismatch(text, digest: SHA256.hex(Array(text.utf8)), name: "small-grid-report.json") == nil)
        let changed = text.replacingOccurrences(of: "\"seeds\": 2", with: "\"seeds\": 3")
        let message = Pin.mismatch(changed, digest: SHA256.hex(Array(text.utf8)), name: "small-grid-report.json")
        #expect(
            message?.contains("config") == true && message?.contains("\"seeds\": 2") == true && message?.contains("\"seeds\": 3") == true,
            "\(message ?? "")")
    }
}

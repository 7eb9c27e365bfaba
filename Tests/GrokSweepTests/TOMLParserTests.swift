import GrokConfig
import Testing

@Suite("TOML reader: the subset a sweep file uses, with line numbers")
struct TOMLParserTests {
    @Test("scalars, arrays across lines, dotted keys, tables and comments parse to the right values and lines")
    func parsesDocument() throws {
        let text = """
            # a comment
            seed = 42
            widths = [20, 50,   # trailing comment
                      100,]
            name = "ba # not a comment"
            lit = 'C:\\path'
            rate = 1e-3
            flag = true
            big = 1_000
            hex = 0x10

            [training]
            epochs = 5000
            probe.c = 0.9
            inline = { a = 1, b = "x" }
            """
        let doc = try TOMLParser.parse(text)
        #expect(doc["seed"]?.value == .integer(42))
        #expect(doc["seed"]?.line == 2)
        guard case .array(let widths)? = doc["widths"]?.value else { Issue.record("widths"); return }
        #expect(widths.map(\.value) == [.integer(20), .integer(50), .integer(100)])
        #expect(widths[2].line == 4)
        #expect(doc["name"]?.value == .string("ba # not a comment"))
        #expect(doc["lit"]?.value == .string("C:\\path"))
        #expect(doc["rate"]?.value == .float(1e-3))
        #expect(doc["flag"]?.value == .boolean(true))
        #expect(doc["big"]?.value == .integer(1000))
        #expect(doc["hex"]?.value == .integer(16))
        guard case .table(let training)? = doc["training"]?.value else { Issue.record("training"); return }
        #expect(training["epochs"]?.line == 13)
        guard case .table(let probe)? = training["probe"]?.value else { Issue.record("dotted"); return }
        #expect(probe["c"]?.value == .float(0.9))
        guard case .table(let inline)? = training["inline"]?.value else { Issue.record("inline"); return }
        #expect(inline["b"]?.value == .string("x"))
    }

    @Test("syntax errors name the line and what was expected")
    func syntaxErrors() {
        let cases: [(String, Int, String)] = [
            ("a = 1\nb = \n", 2, "expected a value"),
            ("a = 1\nb = [1, 2\n", 3, "expected ',' or ']' in the array, found the end of the file"),
            ("a = \"open\n", 1, "unterminated string"),
            ("a = 1\na = 2\n", 2, "defined twice"),
            ("a = word\n", 1, "strings need quotes"),
            ("[[x]]\n", 1, "arrays of tables"),
            ("a = 1 b = 2\n", 1, "end of the line"),
            ("d = 1979-05-27\n", 1, "dates"),
            ("x = 007\n", 1, "not a TOML value"),
        ]
        for (text, line, fragment) in cases {
            do {
                _ = try TOMLParser.parse(text)
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.line == line, "\(text): \(error)")
                #expect(error.message.contains(fragment), "\(text): \(error)")
            }
        }
    }
}

import GrokGraphs
import Testing

@Suite("Graph: user edge lists")
struct EdgeListTests {
    @Test("comments, blank lines, tabs and CRLF are accepted; node count is max index + 1")
    func parses() throws {
        let text = "# a path\n0 1\n\n1\t2   # trailing comment\r\n  2 3\n# end\n"
        let g = try Graph(edgeListText: text)
        #expect(g.nodeCount == 4)
        #expect(g == (try Graph(nodeCount: 4, edges: [(0, 1), (1, 2), (2, 3)])))
    }

    @Test("an explicit node count keeps trailing isolated nodes")
    func explicitCount() throws {
        let g = try Graph(edgeListText: "0 1\n", nodeCount: 5)
        #expect(g.nodeCount == 5 && g.edgeCount == 1 && g.degree(4) == 0)
    }

    @Test("a line that is not two non-negative integers names its line number and content")
    func malformed() {
        #expect(throws: GraphError.malformedLine(line: 3, found: "a b")) {
            try Graph(edgeListText: "0 1\n# c\na b\n")
        }
        #expect(throws: GraphError.malformedLine(line: 1, found: "0 1 2")) { try Graph(edgeListText: "0 1 2\n") }
        #expect(throws: GraphError.malformedLine(line: 2, found: "3")) { try Graph(edgeListText: "0 1\n3\n") }
        #expect(throws: GraphError.malformedLine(line: 1, found: "-1 2")) { try Graph(edgeListText: "-1 2") }
        #expect(throws: GraphError.malformedLine(line: 1, found: "1.5 2")) { try Graph(edgeListText: "1.5 2") }
    }

    @Test("an index at or beyond the given node count names the line")
    func outOfRange() {
        #expect(throws: GraphError.lineOutOfRange(line: 2, u: 1, v: 4, nodeCount: 4)) {
            try Graph(edgeListText: "0 1\n1 4\n", nodeCount: 4)
        }
    }

    @Test("a self-loop names the line")
    func selfLoop() {
        #expect(throws: GraphError.selfLoopLine(line: 2, node: 3)) { try Graph(edgeListText: "0 1\n3 3\n") }
    }

    @Test("a repeated pair, in either order, names both lines")
    func duplicate() {
        #expect(throws: GraphError.duplicateLine(line: 4, firstLine: 1, u: 2, v: 0)) {
            try Graph(edgeListText: "0 2\n1 2\n\n2 0\n")
        }
    }

    @Test("an empty list without a node count is an error; with one it is an edgeless graph")
    func empty() throws {
        #expect(throws: GraphError.emptyEdgeList) { try Graph(edgeListText: "# nothing\n\n") }
        #expect(try Graph(edgeListText: "", nodeCount: 3).edgeCount == 0)
    }
}

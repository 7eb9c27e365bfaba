import GrokGraphs
import Testing

/// CSR invariants every graph must satisfy, checked through the public API.
func checkCSR(_ g: Graph) {
    #expect(g.offsets.count == g.nodeCount + 1)
    #expect(g.offsets.first == 0)
    #expect(Int(g.offsets.last!) == g.neighbors.count)
    #expect(g.neighbors.count % 2 == 0)
    for u in 0..<g.nodeCount {
        let run = Array(g.neighbors(of: u))
        #expect(run.count == g.degree(u))
        for p in 0..<run.count {
            let v = Int(run[p])
            #expect(v != u, "self-loop at \(u)")
            if p > 0 { #expect(run[p - 1] < run[p], "run of \(u) not strictly ascending") }
            #expect(g.neighbors(of: v).contains(Int32(u)), "edge \(u)-\(v) not symmetric")
        }
    }
}

@Suite("Graph: CSR from pairs")
struct GraphTests {
    @Test("pairs in any order give symmetric, sorted CSR with the right degrees")
    func buildsCSR() throws {
        let g = try Graph(nodeCount: 5, edges: [(3, 1), (0, 1), (4, 0), (1, 2)])
        checkCSR(g)
        #expect(g.edgeCount == 4)
        #expect(g.offsets == [0, 2, 5, 6, 7, 8])
        #expect(g.neighbors == [1, 4, 0, 2, 3, 1, 1, 0])
        #expect((0..<5).map(g.degree) == [2, 3, 1, 1, 1])
    }

    @Test("edge order does not change the graph")
    func orderIndependent() throws {
        let a = try Graph(nodeCount: 4, edges: [(0, 1), (2, 3), (1, 2)])
        let b = try Graph(nodeCount: 4, edges: [(2, 1), (3, 2), (1, 0)])
        #expect(a == b)
    }

    @Test("isolated nodes and the empty graph are allowed")
    func isolated() throws {
        let g = try Graph(nodeCount: 3, edges: [])
        #expect(g.edgeCount == 0 && g.degree(2) == 0)
        checkCSR(g)
    }

    @Test("out-of-range index is an error naming the pair")
    func outOfRange() {
        #expect(throws: GraphError.edgeOutOfRange(pair: 1, u: 2, v: 3, nodeCount: 3)) {
            try Graph(nodeCount: 3, edges: [(0, 1), (2, 3)])
        }
        #expect(throws: GraphError.edgeOutOfRange(pair: 0, u: -1, v: 0, nodeCount: 3)) {
            try Graph(nodeCount: 3, edges: [(-1, 0)])
        }
    }

    @Test("self-loop is an error naming the pair")
    func selfLoop() {
        #expect(throws: GraphError.selfLoop(pair: 1, node: 2)) {
            try Graph(nodeCount: 3, edges: [(0, 1), (2, 2)])
        }
    }

    @Test("duplicate edge, in either orientation, is an error naming both pairs")
    func duplicate() {
        #expect(throws: GraphError.duplicateEdge(first: 0, second: 2, u: 0, v: 1)) {
            try Graph(nodeCount: 3, edges: [(1, 0), (1, 2), (0, 1)])
        }
    }

    @Test("error descriptions say what is wrong")
    func descriptions() {
        #expect(GraphError.selfLoop(pair: 4, node: 2).description.contains("self-loop"))
        #expect(GraphError.malformedLine(line: 7, found: "a b").description == "line 7: expected two non-negative integers 'i j', found 'a b'")
    }
}

import Foundation
import GRDB
import GrokConfig
import GrokCoordinator
import GrokProbe
import GrokSweep
import GrokTasks
import Testing

/// The journal's `cascades` table holds exactly the rows of CascadeTable (and of
/// avalanches.csv.gz): every column in its place, NULLs where a row has no value, probe-error rows
/// included. Guards the table's hand-bound inserts.
@Suite("Journal cascades table: the same rows as avalanches.csv.gz")
struct CascadeJournalRowsTests {
    @Test("every row and column of the cascades table equals CascadeTable's, in task order, with NULLs and error rows")
    func tableEqualsCascadeRows() throws {
        let config: SweepConfig = try SweepConfig.load(
            toml: """
                widths = [20, 30, 50]
                seeds = 1
                topologies = ["ba", "ring"]
                """)
        var results = InProcessSweep.run(config: config, threads: 2).results.sorted { $0.task < $1.task }
        #expect(!results.isEmpty)
        // One field the probe refused: a row with an error and NULL cascade columns.
        results[0].topologies[0].gradient[3] = FieldCascades(cascades: [], error: "threshold 0: a degenerate field")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-cascade-rows-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try Journal(folder: folder, config: config)
        let added = try journal.writeCascades(results)

        var expected: [[String]] = []
        for r in results {
            CascadeTable.forEachRow(of: r) { row in
                expected.append([
                    row.task, "\(row.width)", "\(row.seed)", row.topology, row.source.rawValue, "\(row.field)",
                    text(row.epoch), text(row.tau), text(row.avalanche), text(row.size), text(row.extent),
                    text(row.duration), row.error ?? "NULL",
                ])
            }
        }
        let queue = try DatabaseQueue(path: folder.appendingPathComponent(Journal.fileName).path)
        let stored: [[String]] = try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT task, width, seed, topology, source, field, epoch, tau, avalanche, size, extent, duration, error
                    FROM cascades ORDER BY rowid
                    """
            ).map { row in (0..<13).map { i in row[i].map { "\($0.databaseValue)" }.map(Self.unquote) ?? "NULL" } }
        }
        #expect(added == expected.count)
        #expect(stored.count == expected.count)
        #expect(stored == expected)
        #expect(expected.contains { $0[12] != "NULL" && $0[9] == "NULL" })
    }

    /// GRDB prints text values quoted.
    static func unquote(_ s: String) -> String {
        s.hasPrefix("\"") && s.hasSuffix("\"") && s.count >= 2 ? String(s.dropFirst().dropLast()) : s
    }
}

private func text(_ v: Int?) -> String { v.map { "\($0)" } ?? "NULL" }

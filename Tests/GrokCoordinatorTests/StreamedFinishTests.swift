import Foundation
import GRDB
import GrokConfig
import GrokCoordinator
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTasks
import GrokTestSupport
import Testing

/// The coordinator's report writer (grokscale's SweepReportWriter): one pass over the journal folds each
/// result, writes its avalanches.csv.gz rows and its journal `cascades` rows, never holding all.
@Suite("Coordinator finish: one streamed pass over the journal", .serialized)
struct StreamedFinishTests {
    static let config = TestGrids.small
    static let outcome = TestGrids.smallOutcome

    struct Crash: Error {}

    static func folder(_ tag: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-finish-\(tag)-\(UUID().uuidString.prefix(8))")
    }

    /// A journal holding `results`, committed in the order given.
    static func journal(_ results: [TaskResult], in folder: URL) throws -> Journal {
        let journal = try Journal(folder: folder, config: config)
        try journal.beginRun(bind: "test", config: config)
        try journal.commit(results.map { Journal.Commit(task: $0.task, result: TaskResult.canonicalBytes($0), worker: "w", host: "h", lease: 1) })
        return journal
    }

    /// What the report writer writes: the pass, report.json, the renderings and avalanches.csv.gz.
    @discardableResult
    static func finish(_ journal: Journal, into folder: URL, stopAfter: Int? = nil) throws -> JournalResultsRead {
        let streamed = StreamedReportFolder(config: config, folder: folder)
        var seen = 0
        let read = try journal.forEachResultFillingCascades(config: config) { r in
            if let stopAfter, seen == stopAfter { throw Crash() }
            seen += 1
            try streamed.add(r)
        }
        let report = ReportBuilder.build(
            config: config, input: streamed.input,
            provenance: Provenance(
                gitCommit: nil, hostCount: max(1, read.hosts),
                verification: .init(config: config, replicated: read.replicated, spotChecked: read.spotChecked)))
        try ReportFolder.write(report, streamed: streamed, into: folder)
        return read
    }

    /// The in-memory folder of the same results (every result held, as before streaming).
    static let reference: URL = {
        let url = folder("reference")
        let report = ReportBuilder.build(
            config: config, results: outcome.results,
            provenance: Provenance(gitCommit: nil, hostCount: 1, verification: .init(config: config, replicated: 0, spotChecked: 0)))
        _ = try! ReportFolder.write(report, results: outcome.results, into: url)
        return url
    }()

    /// Report files of a folder (not the journal), relative path → bytes.
    static func reportFiles(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                !url.lastPathComponent.hasPrefix(Journal.fileName)
            else { continue }
            out[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        return out
    }

    /// The journal's cascades rows, sorted (their insertion order may differ).
    static func cascadeRows(_ folder: URL) throws -> [String] {
        let db = try DatabaseQueue(path: folder.appendingPathComponent(Journal.fileName).path)
        return try db.read { db in
            guard try db.tableExists("cascades") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM cascades").map { $0.description }.sorted()
        }
    }

    static func expectSameFiles(_ folder: URL) throws {
        let a = try reportFiles(folder), b = try reportFiles(reference)
        #expect(a.count > 10)
        #expect(Set(a.keys) == Set(b.keys))
        for (name, bytes) in b { #expect(a[name] == bytes, "\(name) differs") }
    }

    @Test("a coordinator-written folder (journal pass, results committed in any order) equals the in-memory folder, file for file")
    func journalPassEqualsInMemory() throws {
        let folder = Self.folder("pass")
        let journal = try Self.journal(shuffledResults(Self.outcome.results), in: folder)
        let read = try Self.finish(journal, into: folder)
        #expect(read.results == Self.outcome.results.count)
        #expect(read.cascadesError == nil)
        try Self.expectSameFiles(folder)
        let rows = try Self.cascadeRows(folder)
        #expect(rows.count == CascadeTable(results: Self.outcome.results).rowCount)
    }

    @Test("a finish that dies mid-pass leaves no new cascades rows and no per-cascade file; the next finish writes identical files and table")
    func resumeAfterCrashMidFinish() throws {
        let folder = Self.folder("crash")
        let results = Self.outcome.results
        // State of a folder whose earlier finish covered part of the sweep (then resumed).
        let journal = try Self.journal(results, in: folder)
        try journal.writeCascades(Array(results.prefix(3)))
        let before = try Self.cascadeRows(folder)
        #expect(throws: Crash.self) { try Self.finish(journal, into: folder, stopAfter: 5) }
        #expect(try Self.cascadeRows(folder) == before)
        let litter = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".tmp") || $0 == CascadeTable.fileName || $0 == "report.json"
        }
        #expect(litter.isEmpty, "\(litter)")
        try Self.finish(journal, into: folder)
        try Self.expectSameFiles(folder)
        // The table equals that of a journal finished once, in one clean pass.
        let clean = Self.folder("clean")
        try Self.finish(try Self.journal(results, in: clean), into: clean)
        #expect(try Self.cascadeRows(folder) == Self.cascadeRows(clean))
        // A second finish adds nothing (skip-if-present) and rewrites the same files.
        try Self.finish(journal, into: folder)
        try Self.expectSameFiles(folder)
        #expect(try Self.cascadeRows(folder) == Self.cascadeRows(clean))
    }

    @Test("a damaged committed row stops the pass before any file or cascades row is written, naming the row")
    func damagedRowWritesNothing() throws {
        let folder = Self.folder("damaged")
        let journal = try Self.journal(Self.outcome.results, in: folder)
        let victim = Self.outcome.results.sorted { $0.task < $1.task }[2].task.key
        let db = try DatabaseQueue(path: folder.appendingPathComponent(Journal.fileName).path)
        try db.write { try $0.execute(sql: "UPDATE results SET result = x'00' WHERE task = ?", arguments: [victim]) }
        do {
            try Self.finish(journal, into: folder)
            Issue.record("a damaged row was reported")
        } catch let error as JournalError {
            #expect("\(error)".contains(victim))
        }
        #expect(try Self.cascadeRows(folder).isEmpty)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(Journal.fileName) }
        #expect(written.isEmpty, "\(written)")
    }
}

/// Results in a fixed scrambled order (commit order must not show in the report).
func shuffledResults(_ results: [TaskResult]) -> [TaskResult] {
    var out = results, state: UInt64 = 42
    for i in stride(from: out.count - 1, to: 0, by: -1) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        out.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
    }
    return out
}

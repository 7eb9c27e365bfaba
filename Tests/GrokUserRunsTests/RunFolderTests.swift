import Foundation
import GrokConfig
import GrokUserRuns
import NumPyFormat
import Testing

/// A throwaway run folder in the recorder's format 2: `<run>/manifest.json`, `snapshots.jsonl`
/// and one float32 .npy per snapshot.
private struct Recording {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-userruns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func header(_ run: String, N: Int, format: String = "grokscale-run/2", extra: String = "") throws {
        let folder = root.appendingPathComponent(run)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let json = """
            {"format": "\(format)", "run_id": "\(run)", "N": \(N), \(extra)"parameters": [{"name": "w", "shape": [\(N)], "size": \(N)}]}
            """
        try Data(json.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        try Data().write(to: folder.appendingPathComponent(RunManifest.snapshotsFile))
    }

    /// Appends a snapshot line and writes its field (`values` entries; the run's N unless a test
    /// wants a wrong length).
    func snapshot(_ run: String, step: Int, values: Int, writeFile: Bool = true) throws {
        let folder = root.appendingPathComponent(run)
        let file = "grad_\(step).npy"
        if writeFile {
            let field = (0..<values).map { Double((($0 * 37 + step * 11) % 23) - 11) / 7 }
            try Data(NumPyFormat.encode(NumPyArray(field), dtype: .float32)).write(to: folder.appendingPathComponent(file))
        }
        let line = "{\"step\": \(step), \"file\": \"\(file)\", \"loss\": 0.5, \"accuracy\": 0.25}\n"
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(RunManifest.snapshotsFile))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()
    }

    func folder(controlFields: Int = 0) -> RunFolder {
        var config = SweepConfig()
        config.topologies = ["ring"]
        config.primaryTopology = "ring"
        return RunFolder(folder: root, config: config, controlFields: controlFields)
    }
}

private func message(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite("run folders: what `grokscale fit` accepts and refuses")
struct RunFolderTests {
    @Test("a last snapshot line without its newline is a write in progress and is not read; a bad line is named by number")
    func snapshotLines() throws {
        let good = #"{"step": 1, "file": "a.npy"}"# + "\n" + #"{"step": 2, "file": "b.npy", "loss": 0.1}"# + "\n"
        let lines = try RunManifest.snapshotLines(Data((good + #"{"step": 3, "fi"#).utf8), file: "s.jsonl")
        #expect(lines.map(\.step) == [1, 2])
        #expect(lines[1].loss == 0.1 && lines[0].loss == nil)
        let broken = good + "not json\n"
        let error = message { _ = try RunManifest.snapshotLines(Data(broken.utf8), file: "s.jsonl") }
        #expect(error?.contains("s.jsonl line 3 is not a snapshot entry") == true, "\(error ?? "no error")")
    }

    @Test("every snapshot is probed once per topology, in step order, with the run's loss, accuracy and labels")
    func readsRuns() throws {
        let r = try Recording()
        try r.header("run-a", N: 40, extra: #""size": 8, "onset": 20, "loss_name": "MSE", "#)
        for step in [20, 10, 30] { try r.snapshot("run-a", step: step, values: 40) }
        let runs = try r.folder().read(threads: 2)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.runID == "run-a" && run.size == 8 && run.parameterCount == 40 && run.onsetStep == 20)
        #expect(run.steps == [10, 20, 30])
        #expect(run.loss == [0.5, 0.5, 0.5] && run.accuracy == [0.25, 0.25, 0.25])
        #expect(run.lossName == "MSE" && run.accuracyName == nil)
        #expect(run.topologies.map(\.topology) == ["ring"])
        #expect(run.topologies[0].gradient.count == 3)
        #expect(run.topologies[0].control.isEmpty)
    }

    @Test("re-reading a growing folder gives the earlier snapshots' cascades unchanged and adds the new one")
    func growingFolderIsIncremental() throws {
        let r = try Recording()
        try r.header("run-a", N: 40)
        for step in [10, 20] { try r.snapshot("run-a", step: step, values: 40) }
        let folder = r.folder(controlFields: 2)
        let first = try folder.read(threads: 1)
        try r.snapshot("run-a", step: 30, values: 40)
        let second = try folder.read(threads: 2)
        let fresh = try r.folder(controlFields: 2).read(threads: 1)
        #expect(second[0].steps == [10, 20, 30])
        #expect(Array(second[0].topologies[0].gradient.prefix(2)) == first[0].topologies[0].gradient)
        #expect(second[0].topologies[0].control == first[0].topologies[0].control)
        #expect(second[0].topologies[0].control.count == 2)
        // What was cached equals what a fresh read computes: the cache changes nothing.
        #expect(second == fresh)
    }

    @Test("missing snapshot files are all listed in one error, and nothing is analysed")
    func missingFilesListed() throws {
        let r = try Recording()
        try r.header("run-a", N: 40)
        try r.snapshot("run-a", step: 10, values: 40)
        try r.snapshot("run-a", step: 20, values: 40, writeFile: false)
        try r.snapshot("run-a", step: 30, values: 40, writeFile: false)
        let error = message { _ = try r.folder().read(threads: 1) }
        #expect(error?.contains("2 snapshot file(s) named by a manifest are missing") == true, "\(error ?? "no error")")
        #expect(error?.contains("step 20 of run run-a") == true && error?.contains("step 30 of run run-a") == true)
    }

    @Test("a field whose length is not the run's N is refused with both numbers")
    func wrongLengthRefused() throws {
        let r = try Recording()
        try r.header("run-a", N: 40)
        try r.snapshot("run-a", step: 10, values: 39)
        let error = message { _ = try r.folder().read(threads: 1) }
        #expect(error?.contains("holds 39 values") == true && error?.contains("N = 40") == true, "\(error ?? "no error")")
    }

    @Test("a folder contradicting itself is refused before any probing: shared run ids, repeated steps, an unknown format, no runs")
    func contradictionsRefused() throws {
        let empty = try Recording()
        #expect(message { _ = try empty.folder().readManifests() }?.contains("holds no run") == true)

        let twice = try Recording()
        try twice.header("run-a", N: 40)
        try twice.snapshot("run-a", step: 10, values: 40)
        try twice.snapshot("run-a", step: 10, values: 40)
        #expect(message { _ = try twice.folder().readManifests() }?.contains("step 10 is recorded twice") == true)

        let shared = try Recording()
        for folder in ["one", "two"] {
            try shared.header(folder, N: 40)
            try shared.snapshot(folder, step: 1, values: 40)
            let url = shared.root.appendingPathComponent(folder).appendingPathComponent("manifest.json")
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
                of: "\"run_id\": \"\(folder)\"", with: "\"run_id\": \"same\"")
            try Data(text.utf8).write(to: url)
        }
        #expect(message { _ = try shared.folder().readManifests() }?.contains("run id same is in both") == true)

        let future = try Recording()
        try future.header("run-a", N: 40, format: "grokscale-run/9")
        #expect(message { _ = try future.folder().readManifests() }?.contains("format \"grokscale-run/9\" is not one of") == true)
    }
}

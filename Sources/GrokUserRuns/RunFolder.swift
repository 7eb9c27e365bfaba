import Foundation
import GrokConfig
import GrokReportModel
import GrokTasks
import NumPyFormat
import Synchronization

/// Reads a folder of recorded runs (`DIR/<run>/manifest.json`, its `snapshots.jsonl`, `.npy`
/// snapshots; ``RunManifest`` reads both formats) and probes
/// every snapshot, keeping the cascades of files already probed so that re-reading a growing
/// folder only probes what is new.
///
/// Every check runs before any probing: a manifest naming files that are not there, or a file
/// whose length is not its run's N, stops the whole read with one error listing every such
/// problem; nothing is analysed from a folder that contradicts itself.
public final class RunFolder: Sendable {
    public let folder: URL
    let config: SweepConfig
    let graphs: GraphCache
    let controlFields: Int
    /// Probed cascades by "path|size|mtime" (a rewritten file is probed again).
    private let cache = Mutex<[String: [FieldCascades]]>([:])
    private let controlCache = Mutex<[String: [TopologyCascades]]>([:])

    public init(folder: URL, config: SweepConfig, controlFields: Int) {
        self.folder = folder
        self.config = config
        self.graphs = GraphCache(config: config)
        self.controlFields = controlFields
    }

    /// Run manifests found, sorted by path.
    public func manifestURLs() throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RunFolderError(
                .noInput, "\(folder.path) is not a folder: pass the folder the recorder writes into (it holds one <run>/manifest.json per run)")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0).appendingPathComponent("manifest.json") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    public func readManifests() throws -> [(url: URL, manifest: RunManifest)] {
        let urls = try manifestURLs()
        guard !urls.isEmpty else {
            throw RunFolderError(
                .noInput,
                "\(folder.path) holds no run: expected <run>/manifest.json files written by grokscale.Recorder (python/README in the repository)")
        }
        var out: [(URL, RunManifest)] = []
        var seen: [String: URL] = [:]
        for url in urls {
            let manifest = try RunManifest.read(url)
            guard !manifest.snapshots.isEmpty else {
                throw RunFolderError(.invalid, "\(url.path): the run names no snapshot; record one, or remove the run's folder")
            }
            guard manifest.N >= 2 else { throw RunFolderError(.invalid, "\(url.path): N = \(manifest.N); a field needs at least 2 entries") }
            if let size = manifest.size, size <= 0 { throw RunFolderError(.invalid, "\(url.path): size = \(size); use a positive size label") }
            if let other = seen[manifest.runID] {
                throw RunFolderError(.invalid, "run id \(manifest.runID) is in both \(other.path) and \(url.path): give every run its own id")
            }
            seen[manifest.runID] = url
            var steps = Set<Int>()
            for s in manifest.snapshots where !steps.insert(s.step).inserted {
                throw RunFolderError(.invalid, "\(url.path): step \(s.step) is recorded twice")
            }
            out.append((url, manifest))
        }
        return out
    }

    /// Every run, probed on every topology of the configuration, with its Gaussian control.
    public func read(threads: Int) throws -> [UserRun] {
        let manifests = try readManifests()
        var keys: [[String]] = []
        var missing: [String] = []
        for (url, m) in manifests {
            let base = url.deletingLastPathComponent()
            keys.append(
                m.snapshots.map { s in
                    let file = base.appendingPathComponent(s.file)
                    guard let a = try? FileManager.default.attributesOfItem(atPath: file.path) else {
                        missing.append("\(file.path) (step \(s.step) of run \(m.runID))")
                        return ""
                    }
                    let mtime = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                    return "\(file.path)|\((a[.size] as? Int) ?? -1)|\(mtime)"
                })
        }
        if !missing.isEmpty {
            throw RunFolderError(
                .invalid,
                "\(missing.count) snapshot file(s) named by a manifest are missing: \(Self.list(missing)). Nothing was analysed; restore the files or remove their entries from the manifest"
            )
        }

        // Jobs: every snapshot not probed before, then every run's control not made before.
        let known = cache.withLock { $0 }, knownControl = controlCache.withLock { $0 }
        var snapshotJobs: [(run: Int, snapshot: Int)] = []
        for (r, runKeys) in keys.enumerated() {
            for (k, key) in runKeys.enumerated() where known[key] == nil { snapshotJobs.append((r, k)) }
        }
        let controlJobs = controlFields > 0 ? manifests.indices.filter { knownControl[Self.controlKey(manifests[$0].manifest)] == nil } : []
        let total = snapshotJobs.count + controlJobs.count
        let snapshotList = snapshotJobs, keyList = keys
        let fields = Mutex<[String: [FieldCascades]]>([:]), controls = Mutex<[String: [TopologyCascades]]>([:])
        let problems = Mutex<[String]>([])
        let config = self.config, graphs = self.graphs, controlFields = self.controlFields
        let workers = max(1, min(threads, total))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var prober = FieldProber(config: config, graphs: graphs)
            var j = worker
            while j < total {
                defer { j += workers }
                do {
                    if j < snapshotList.count {
                        let (r, k) = snapshotList[j]
                        let (url, m) = manifests[r]
                        let file = url.deletingLastPathComponent().appendingPathComponent(m.snapshots[k].file)
                        let field = try Self.readField(file, parameterCount: m.N, runID: m.runID, step: m.snapshots[k].step)
                        let probed = try prober.probeAll(field)
                        fields.withLock { $0[keyList[r][k]] = probed }
                    } else {
                        let m = manifests[controlJobs[j - snapshotList.count]].manifest
                        let c = try config.topologies.map { t in
                            TopologyCascades(
                                topology: t, gradient: [],
                                control: try prober.control(runID: m.runID, parameterCount: m.N, count: controlFields, topology: t))
                        }
                        controls.withLock { $0[Self.controlKey(m)] = c }
                    }
                } catch {
                    problems.withLock { $0.append("\(error)") }
                }
            }
        }
        let newFields = fields.withLock { $0 }, newControls = controls.withLock { $0 }
        cache.withLock { $0.merge(newFields) { a, _ in a } }
        controlCache.withLock { $0.merge(newControls) { a, _ in a } }
        let found = problems.withLock { $0 }.sorted()
        if !found.isEmpty {
            throw RunFolderError(.invalid, "\(found.count) snapshot(s) cannot be used: \(Self.list(found)). Nothing was analysed")
        }

        let all = cache.withLock { $0 }, allControl = controlCache.withLock { $0 }
        return manifests.enumerated().map { r, entry in
            let m = entry.manifest
            let order = m.snapshots.indices.sorted { m.snapshots[$0].step < m.snapshots[$1].step }
            let probed = order.map { all[keys[r][$0]]! }
            let control = allControl[Self.controlKey(m)]
            let topologies = config.topologies.enumerated().map { t, name in
                TopologyCascades(topology: name, gradient: probed.map { $0[t] }, control: control?[t].control ?? [])
            }
            return UserRun(
                runID: m.runID, size: m.size ?? m.N, parameterCount: m.N, onsetStep: m.onset,
                steps: order.map { m.snapshots[$0].step },
                loss: order.map { m.snapshots[$0].loss ?? .nan }, accuracy: order.map { m.snapshots[$0].accuracy ?? .nan },
                topologies: topologies, lossName: m.lossName, accuracyName: m.accuracyName)
        }
    }

    /// One snapshot file as N doubles (float32 or float64 .npy, 1-D, or 2-D with one row).
    public static func readField(_ url: URL, parameterCount n: Int, runID: String, step: Int) throws -> [Double] {
        let array: NumPyArray
        do {
            array = try NumPyFormat.parse([UInt8](try Data(contentsOf: url)))
        } catch {
            throw RunFolderError(.invalid, "\(url.path) (step \(step) of run \(runID)): \(error)")
        }
        guard array.values.count == n, array.shape.count == 1 || (array.shape.count == 2 && array.shape[0] == 1) else {
            throw RunFolderError(
                .invalid,
                "\(url.path) (step \(step) of run \(runID)) holds \(array.values.count) values of shape \(array.shape) but the run's manifest says N = \(n): record every snapshot of a run from the same parameters"
            )
        }
        return array.values
    }

    static func controlKey(_ m: RunManifest) -> String { "\(m.runID)|\(m.N)" }

    static func list(_ items: [String]) -> String {
        items.prefix(10).joined(separator: "; ") + (items.count > 10 ? "; and \(items.count - 10) more" : "")
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .keyNotFound(let key, let c): return "key \"\(key.stringValue)\" missing\(path(c))"
            case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(c.debugDescription)\(path(c))"
            case .dataCorrupted(let c): return "not valid JSON (\(c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription))"
            @unknown default: return "\(e)"
            }
        }
        return error.localizedDescription
    }

    private static func path(_ c: DecodingError.Context) -> String {
        c.codingPath.isEmpty ? "" : " at " + c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

import Foundation
import GrokConfig
import GrokCoordinator

/// An output folder belongs to one configuration: a run never writes over another
/// configuration's journal or report, whether it computes in process or with workers.
enum FolderGuard {
    static func check(_ folder: URL, config: SweepConfig) throws {
        let hash = config.configurationHash
        let journal = folder.appendingPathComponent(Journal.fileName)
        if FileManager.default.fileExists(atPath: journal.path) {
            let stored: String
            do {
                stored = try JournalReader(folder: folder).config().configurationHash
            } catch {
                throw CLIError("\(folder.path) holds a journal this run cannot read (\(error)); choose another --out folder", status: .dataError)
            }
            guard stored == hash else { throw refusal(folder, file: Journal.fileName, stored: stored, hash: hash) }
        }
        let report = folder.appendingPathComponent("report.json")
        if let data = FileManager.default.contents(atPath: report.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let provenance = object["provenance"] as? [String: Any],
            let stored = provenance["configuration_hash"] as? String, stored != hash
        {
            throw refusal(folder, file: "report.json", stored: stored, hash: hash)
        }
    }

    private static func refusal(_ folder: URL, file: String, stored: String, hash: String) -> CLIError {
        CLIError(
            """
            \(folder.path) holds a sweep with configuration hash \(stored.prefix(12))… (its \(file)); this run's \
            configuration hash is \(hash.prefix(12))…, so nothing was written. To resume that sweep, use its \
            configuration; for a new sweep, choose another --out folder
            """, status: .config)
    }
}

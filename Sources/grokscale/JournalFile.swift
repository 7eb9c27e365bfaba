import Foundation
import GrokCoordinator

enum JournalFile {
    /// Whether `folder` holds a journal at all: a missing one is "no input" (66), an unreadable
    /// one "bad data" (65) in ExitStatus's table.
    static func exists(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: URL(fileURLWithPath: folder).appendingPathComponent(Journal.fileName).path)
    }
}

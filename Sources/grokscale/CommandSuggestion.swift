import ArgumentParser

/// Usage errors that name the right command: a mistyped subcommand gets the nearest name, and
/// an error raised by a subcommand's own checks shows that subcommand's usage, not the top one.
enum CommandSuggestion {
    static var names: [String] {
        Grokscale.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// "unknown command 'runn'. Did you mean 'run'?" when the first argument is no command
    /// (nil when it is one, or an option).
    static func unknownCommand(in arguments: [String]) -> String? {
        guard let word = arguments.dropFirst().first, !word.hasPrefix("-"), !names.contains(word) else { return nil }
        let ranked = names.map { ($0, distance(word, $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let prefixed = names.filter { $0.hasPrefix(word) || word.hasPrefix($0) }
        if let best = ranked.first, best.1 <= max(2, word.count / 3) {
            return "unknown command '\(word)'. Did you mean '\(best.0)'?"
        }
        if prefixed.count == 1 { return "unknown command '\(word)'. Did you mean '\(prefixed[0])'?" }
        return "unknown command '\(word)'; commands are \(names.dropLast().joined(separator: ", "))"
    }

    /// The usage lines of `command` as the top-level usage error prints them.
    static func usage(of command: ParsableCommand.Type) -> String {
        let help = command == Grokscale.self ? "grokscale --help" : "grokscale \(command.configuration.commandName ?? "") --help"
        return "Usage: " + Grokscale.usageString(for: command).replacingOccurrences(of: "Usage: ", with: "")
            + "\n  See '\(help)' for more information."
    }

    /// Levenshtein distance (command names are short: one row of the table is enough).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...y.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[y.count]
    }
}

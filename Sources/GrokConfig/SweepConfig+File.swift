/// Reading a sweep configuration from TOML, checking it, and writing it back out.
extension SweepConfig {
    public static let sections = ["training", "graphs", "probe", "analysis", "network", "task", "optimizer", "groups", "indicators", "programs"]

    /// Parses a TOML configuration over `base` (the defaults, or a preset chosen on the command
    /// line). A `preset = "…"` key is applied first, whatever its position; then every other
    /// key in file order. Unknown keys, wrong types and out-of-range values are errors naming
    /// the key and the line; nothing is silently ignored.
    public static func load(toml text: String, source: String? = nil, base: SweepConfig = SweepConfig()) throws(ConfigError) -> SweepConfig {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text)
        } catch {
            throw ConfigError(source: source, line: error.line, message: error.message)
        }
        let table = Dictionary(uniqueKeysWithValues: keys.map { ($0.path, $0) })
        var leaves: [(path: String, entry: TOMLEntry)] = []
        var programs: [ProgramSpec] = []
        for key in document.keys {
            let entry = document[key]!
            if key == "programs" {
                guard case .table(let section) = entry.value else {
                    throw ConfigError(source: source, line: entry.line, key: key, message: "must be tables: [programs.NAME] with command = [...]")
                }
                for name in section.keys {
                    programs.append(try ProgramSpec.read(name: name, entry: section[name]!, source: source, base: base.program(named: name)))
                }
            } else if case .table(let section) = entry.value {
                guard sections.contains(key) else {
                    throw ConfigError(
                        source: source, line: entry.line, key: key,
                        message: "unknown section [\(key)]; sections are \(sections.map { "[\($0)]" }.joined(separator: ", "))")
                }
                for name in section.keys { leaves.append(("\(key).\(name)", section[name]!)) }
            } else {
                leaves.append((key, entry))
            }
        }
        var config = base
        // The preset replaces everything, so it goes first.
        if let presetEntry = leaves.first(where: { $0.path == "preset" }) {
            do { try table["preset"]!.write(&config, presetEntry.entry.value) } catch {
                throw ConfigError(source: source, line: presetEntry.entry.line, key: "preset", message: error.message)
            }
        }
        for program in programs {
            if let i = config.programs.firstIndex(where: { $0.name == program.name }) {
                config.programs[i] = program
            } else {
                config.programs.append(program)
            }
        }
        let ordered = ordered(leaves)
        for (path, entry) in ordered where path != "preset" {
            guard let key = table[path] else {
                throw ConfigError(source: source, line: entry.line, key: path, message: "unknown key; \(knownKeysHint(for: path))")
            }
            do {
                try key.write(&config, entry.value)
            } catch {
                throw ConfigError(source: source, line: entry.line, key: path, message: error.message)
            }
        }
        do {
            try config.validate()
        } catch {
            let line = error.key.flatMap { k in ordered.first(where: { $0.path == k })?.entry.line }
            throw ConfigError(source: source, line: line, key: error.key, message: error.message)
        }
        return config
    }

    private static func ordered(_ leaves: [(path: String, entry: TOMLEntry)]) -> [(path: String, entry: TOMLEntry)] {
        leaves.filter { $0.path == "preset" } + leaves.filter { $0.path != "preset" }
    }

    private static func knownKeysHint(for path: String) -> String {
        let section = path.contains(".") ? String(path.split(separator: ".")[0]) : nil
        let names = keys.filter { $0.section == section }.map(\.name)
        let place = section.map { "[\($0)]" } ?? "the top level"
        return "keys at \(place) are: \(names.joined(separator: ", "))"
    }

    /// Checks the relations between keys that no single key can check alone.
    public func validate() throws(ConfigError) {
        try validateLimits()
        if !topologies.contains(primaryTopology) {
            throw ConfigError(key: "primary_topology", message: "\"\(primaryTopology)\" is not one of topologies \(topologies)")
        }
        if widths.count < Swift.max(3, analysis.minWidths) {
            throw ConfigError(
                key: "widths",
                message:
                    "a scaling fit needs at least \(Swift.max(3, analysis.minWidths)) widths (3, or analysis.min_widths = \(analysis.minWidths) if more), found \(widths.count)"
            )
        }
        if graphs.wsK % 2 != 0 { throw ConfigError(key: "graphs.ws_k", message: "must be even, found \(graphs.wsK)") }
        if graphs.ringK % 2 != 0 { throw ConfigError(key: "graphs.ring_k", message: "must be even, found \(graphs.ringK)") }
        try validateTaskGrid()
        for name in topologies {
            guard let spec = graphSpec(name) else { continue }
            for width in widths {
                // A program's N is known only once it ran; its graphs are checked by the worker.
                for n in taskGrid.tasks.compactMap({ program(named: $0) == nil ? parameterCount(task: $0, width: width) ?? 4 * width + 1 : nil }) {
                    do {
                        try spec.validate(nodeCount: n)
                    } catch {
                        throw ConfigError(key: "widths", message: "width \(width) (N = \(n)) does not fit topology \"\(name)\": \(error)")
                    }
                }
            }
        }
    }

    /// The resolved configuration as TOML, every key present, in table order. Parsing it back
    /// gives the same value (a tested invariant), so it is also how workers receive the sweep.
    public var tomlText: String {
        renderTOML(commented: false)
    }

    /// A commented example: every key with its meaning and this configuration's value.
    public var exampleTOML: String {
        renderTOML(commented: true)
    }

    private func renderTOML(commented: Bool) -> String {
        var out = ""
        if commented {
            out += """
                # grokscale sweep configuration (TOML). Every key is optional; absent keys keep the
                # defaults of docs/method.md, or of the preset named here. Run with:
                #   grokscale run --config sweep.toml
                # Values shown are those of the "\(preset)" preset.

                """
        }
        var currentSection: String? = nil
        let bases = omissionBases
        for key in SweepConfig.keys where commented || !key.isOmitted(in: self, omissionBases: bases) {
            if key.section != currentSection {
                currentSection = key.section
                out += "\n[\(key.section!)]\n"
            }
            if commented { out += "# \(key.documentation)\(key.range.isEmpty ? "" : " Range: \(key.range).")\n" }
            out += "\(key.name) = \(SweepConfig.tomlLiteral(key.read(self)))\n"
        }
        for program in programs { out += program.tomlText }
        if commented && programs.isEmpty { out += ProgramSpec.commentedExample }
        return out
    }

    static func tomlLiteral(_ value: JSONValue) -> String {
        switch value {
        case .null: return "0"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            // TOML floats need a '.' or an exponent; Swift's shortest form has one of them.
            return d.description
        case .string(let s):
            var out = ""
            JSONValue.writeString(s, into: &out)
            return out
        case .array(let items): return "[" + items.map(tomlLiteral).joined(separator: ", ") + "]"
        case .object: return "{}"
        }
    }

    /// The `config` block of report.json: every key, grouped by section, in table order.
    public var json: JSONValue {
        var top: [(String, JSONValue)] = []
        var sections: [(String, [(String, JSONValue)])] = []
        let bases = omissionBases
        for key in SweepConfig.keys where !key.isOmitted(in: self, omissionBases: bases) {
            if let section = key.section {
                if sections.last?.0 != section { sections.append((section, [])) }
                sections[sections.count - 1].1.append((key.name, key.read(self)))
            } else {
                top.append((key.path, key.read(self)))
            }
        }
        let programBlock: [(String, JSONValue)] = programs.isEmpty ? [] : [("programs", .object(programs.map { ($0.name, $0.json) }))]
        return .object(top + sections.map { ($0.0, JSONValue.object($0.1)) } + programBlock)
    }

    /// What a key left out of the renderings must equal: the defaults, and the preset this
    /// configuration starts from (see ``ConfigKey/isOmitted(in:omissionBases:)``).
    var omissionBases: [SweepConfig] {
        [SweepConfig()] + (preset == "default" ? [] : [SweepConfig.preset(named: preset)].compactMap { $0 })
    }

    /// SHA-256 (hex) of the canonical text of every key that can change a number of the report.
    /// Coordinator, workers and journal compare it: same hash, same science.
    public var configurationHash: String {
        var canonical = "grokscale-config/1\n"
        let bases = omissionBases
        for key in SweepConfig.keys where key.affectsResults && !key.isOmitted(in: self, omissionBases: bases) {
            canonical += "\(key.path) = \(SweepConfig.tomlLiteral(key.read(self)))\n"
        }
        for program in programs.sorted(by: { $0.name < $1.name }) { canonical += program.hashText }
        return SHA256.hex(Array(canonical.utf8))
    }
}

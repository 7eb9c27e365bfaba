/// Reading `[programs.NAME]` tables and writing them back (TOML text, the report's `config`
/// block, the configuration hash). Programs are a table of tables, which the flat key list of
/// ``SweepConfig/keys`` cannot describe, so they are read here; a sweep without programs keeps
/// every byte of its TOML text, `config` block and hash.
extension ProgramSpec {
    /// `base`: the program of that name already configured (a preset, or the file under `--set`),
    /// whose keys the table's keys override.
    static func read(name: String, entry: TOMLEntry, source: String?, base: ProgramSpec? = nil) throws(ConfigError) -> ProgramSpec {
        let path = "programs.\(name)"
        guard isValidName(name) else {
            throw ConfigError(
                source: source, line: entry.line, key: path,
                message: "a program's name is lowercase letters, digits and _ and starts with a letter (it becomes part of task keys)")
        }
        guard case .table(let table) = entry.value else {
            throw ConfigError(source: source, line: entry.line, key: path, message: "must be a table: [programs.\(name)] with command = [...]")
        }
        var spec = base ?? ProgramSpec(name: name, command: [])
        for key in table.keys {
            let item = table[key]!
            func fail(_ message: String) -> ConfigError { ConfigError(source: source, line: item.line, key: "\(path).\(key)", message: message) }
            switch key {
            case "command":
                do { spec.command = try SweepConfig.strings(item.value) } catch { throw fail(error.message) }
            case "environment":
                do { spec.environment = try SweepConfig.strings(item.value) } catch { throw fail(error.message) }
            case "script":
                guard case .string(let s) = item.value else { throw fail("must be a string (the script's path, relative to the configuration file)") }
                spec.script = s
            case "script_sha256":
                guard case .string(let s) = item.value, s.isEmpty || (s.count == 64 && s.allSatisfy(\.isHexDigit)) else {
                    throw fail("must be 64 hex digits (written by grokscale; remove it to have it computed)")
                }
                spec.scriptSHA256 = s.lowercased()
            case "timeout_seconds":
                guard case .integer(let n) = item.value, n >= 1, n <= 30 * 86_400 else {
                    throw fail("must be an integer between 1 and 2592000 (30 days)")
                }
                spec.timeoutSeconds = n
            case "deterministic", "requires_gpu":
                guard case .boolean(let b) = item.value else { throw fail("must be true or false") }
                if key == "deterministic" { spec.deterministic = b } else { spec.requiresGPU = b }
            case "tolerance":
                let x: Double
                switch item.value {
                case .float(let d): x = d
                case .integer(let n): x = Double(n)
                default: throw fail("must be a number")
                }
                guard x.isFinite, x >= 0, x <= 1 else { throw fail("must be a relative tolerance in [0, 1], found \(x)") }
                spec.tolerance = x
            default:
                throw fail("unknown key; keys of a program are \(keys.joined(separator: ", "))")
            }
        }
        if let (key, message) = spec.problem() {
            throw ConfigError(source: source, line: table[key]?.line ?? entry.line, key: "\(path).\(key)", message: message)
        }
        return spec
    }

    /// The program's table as TOML (every key, so that parsing it back gives the same value).
    var tomlText: String {
        var out = "\n[programs.\(name)]\n"
        for (key, value) in renderedPairs { out += "\(key) = \(SweepConfig.tomlLiteral(value))\n" }
        return out
    }

    var renderedPairs: [(String, JSONValue)] {
        [
            ("command", .array(command.map(JSONValue.string))), ("script", .string(script)), ("script_sha256", .string(scriptSHA256)),
            ("environment", .array(environment.map(JSONValue.string))), ("timeout_seconds", .int(timeoutSeconds)),
            ("deterministic", .bool(deterministic)), ("tolerance", .double(tolerance)), ("requires_gpu", .bool(requiresGPU)),
        ]
    }

    /// What changes the program's numbers: everything but where its script lives.
    var hashText: String {
        renderedPairs.filter { $0.0 != "script" }.map { "programs.\(name).\($0.0) = \(SweepConfig.tomlLiteral($0.1))\n" }.joined()
    }

    var json: JSONValue { .object(renderedPairs) }

    /// How `config --example` shows a program table (commented out: the default grid has none).
    static var commentedExample: String {
        """

        # Your own training program as a grid task: name it in `tasks` (e.g. tasks = ["my_model"])
        # and declare it here. It must train one run per (width, seed) and record its snapshots
        # with the Python package (grokscale.Recorder) into {out}: steps 0, k, 2k, … through
        # {epochs}, with loss and test accuracy (python/README.md, "Your program as a grid task").
        # Placeholders: \(placeholders.map { "{\($0.name)}" }.joined(separator: " ")).
        # [programs.my_model]
        # script = "train.py"                 # relative to this file; its SHA-256 is part of the sweep's identity
        # command = ["python3", "{script}", "--width", "{width}", "--seed", "{seed}", "--out", "{out}", "--steps", "{epochs}", "--snapshot-every", "{snapshot_interval}"]
        # environment = ["OMP_NUM_THREADS=1"]
        # timeout_seconds = 3600              # a run past this is killed and reported as a FAILURE
        # deterministic = true                # false: replicas are compared within `tolerance`
        # tolerance = 0.0
        # requires_gpu = false                # true: leased only to workers that report a GPU

        """
    }
}

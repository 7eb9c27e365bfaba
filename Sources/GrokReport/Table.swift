/// A table of text cells, rendered the same way into HTML and Markdown.
struct Table {
    var id: String
    var title: String
    var header: [String]
    var rows: [[String]]
    /// A sentence under the table (e.g. the CV across topologies).
    var note: String? = nil

    func html() -> String {
        var out = "<h3 id=\"\(id)\">\(HTML.escape(title))</h3>\n<table>\n<thead><tr>"
        out += header.map { "<th>\(HTML.escape($0))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
        }
        if rows.isEmpty { out += "<tr><td colspan=\"\(header.count)\">(none)</td></tr>\n" }
        out += "</tbody>\n</table>\n"
        if let note { out += "<p class=\"note\">\(HTML.escape(note))</p>\n" }
        return out
    }

    func markdown() -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "### \(title)\n\n| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: " --- |", count: header.count) + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        if rows.isEmpty { out += "| (none)" + String(repeating: " |", count: header.count) + "\n" }
        if let note { out += "\n\(note)\n" }
        return out + "\n"
    }
}

enum HTML {
    static func escape(_ s: String) -> String { SVG.escape(s) }
}

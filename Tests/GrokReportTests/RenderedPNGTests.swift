import Foundation
import Testing

/// report.html's plots drawn by a real SVG renderer (librsvg's rsvg-convert, installed by
/// .ci/run). rsvg-convert does not read HTML, so each inline `<svg>` element is cut out of
/// report.html as it stands and rendered: what a browser shows is these elements.
@Suite("report.html rendered to PNG by rsvg-convert")
struct RenderedPNGTests {
    static func rsvgConvert() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("rsvg-convert")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw RendererMissing()
    }

    struct RendererMissing: Error, CustomStringConvertible {
        var description: String { "rsvg-convert is not installed: apt-get install -y librsvg2-bin (.ci/run does this)" }
    }

    /// Renders SVG text to a PNG file; returns the PNG's bytes.
    static func render(_ svg: String, name: String) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-png-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("\(name).svg"), output = folder.appendingPathComponent("\(name).png")
        try svg.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = try rsvgConvert()
        process.arguments = ["--format", "png", "--output", output.path, input.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "rsvg-convert failed on \(name): \(message)")
        return try Data(contentsOf: output)
    }

    /// Width and height from the PNG signature and IHDR chunk.
    static func dimensions(_ png: Data) -> (Int, Int)? {
        let bytes = [UInt8](png.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else {
            return nil
        }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    static func inlineSVGs(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    @Test("every inline plot of report.html renders to an 800-wide PNG (440 high; the bootstrap panels 250 per row) far richer than a blank page")
    func notBlank() throws {
        let svgs = Self.inlineSVGs(try Fixture.text("report.html"))
        #expect(svgs.count == ReportFolderTests.plots.count)
        // The control: a blank white page of the same size compresses to about 2 KB; a page
        // with a title only, to about 3 KB. A drawn plot (axes, ticks, curves, legend) is
        // many times that, so a blank or nearly blank rendering fails here.
        let blank = try Self.render(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"440\"><rect width=\"800\" height=\"440\" fill=\"#ffffff\"/></svg>",
            name: "blank")
        for (i, svg) in svgs.enumerated() {
            let png = try Self.render(svg, name: "plot-\(i)")
            let size = try #require(Self.dimensions(png), "plot \(i): not a PNG")
            let panels = svg.contains("id=\"bootstrap\"")
            #expect(size.0 == 800 && (panels ? size.1 % 250 == 0 && size.1 >= 250 : size.1 == 440), "plot \(i): \(size)")
            #expect(png.count > 8 * blank.count, "plot \(i) renders to \(png.count) bytes, a blank page to \(blank.count): nearly blank")
        }
    }
}

import ArgumentParser
import Diagnostics
import Foundation
import NNLanguage

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a standalone nn script and print what it shows; plots are written as SVG files.",
        discussion: "Plots go to --plots (default: the script's folder), named SCRIPT-PLOT.svg."
    )

    @Argument(help: "The .nn script.")
    var script: String

    @Option(help: "Folder for the plots the script draws.")
    var plots: String?

    func run() throws {
        let url = URL(fileURLWithPath: script)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DiagnosticOutput.fail(with: Diagnostic(at: nil, "cannot read '\(script)'"))
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw DiagnosticOutput.fail(with: Diagnostic(at: nil, "'\(script)' is not UTF-8 text"))
        }
        let session = ChapterSession(file: script)
        let outputs: [BlockOutput]
        do {
            outputs = try session.run(block: source, firstLine: 1, column: 1)
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        let plotFolder = URL(fileURLWithPath: plots ?? url.deletingLastPathComponent().path)
        let stem = url.deletingPathExtension().lastPathComponent
        // What the script shows is the product: a failed write is an error, not a lost line.
        func show(_ line: String) throws { try DiagnosticOutput.writeToStandardOutput(line + "\n", what: "the script's output") }
        for output in outputs {
            switch output {
            case .value(let label, let text):
                try show(label.map { "\($0) = \(text)" } ?? text)
            case .text(let text):
                try show(text)
            case .table(let table):
                try show(TextTable.render(table))
            case .plot(let plot):
                let file = plotFolder.appendingPathComponent("\(stem)-\(plot.name).svg")
                do {
                    try FileManager.default.createDirectory(at: plotFolder, withIntermediateDirectories: true)
                    try Data(plot.svg.utf8).write(to: file, options: .atomic)
                } catch {
                    throw DiagnosticOutput.fail(with: Diagnostic(at: nil, "cannot write plot '\(file.path)': \(error.localizedDescription)"))
                }
                try show("plot: \(file.path)")
            }
        }
    }
}

/// Plain-text tables for the terminal, columns padded to equal width.
enum TextTable {
    static func render(_ table: Table) -> String {
        let all = [table.header] + table.rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                String(repeating: " ", count: widths[i] - width(cell)) + cell
            }.joined(separator: "  ")
        }
        var lines: [String] = []
        if let caption = table.caption { lines.append(caption) }
        lines.append(line(table.header))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += table.rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// Terminal cells: CJK characters take two.
    static func width(_ text: String) -> Int {
        text.reduce(0) { sum, character in
            let value = character.unicodeScalars.first?.value ?? 0
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value)
            return sum + (wide ? 2 : 1)
        }
    }
}

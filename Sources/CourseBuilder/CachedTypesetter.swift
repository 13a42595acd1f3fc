import Diagnostics
import Foundation
import MathTypesetting

/// A `MathTypesetter` that first looks each formula up in the build cache: only formulas never
/// typeset before go to KaTeX, so node does not even start when every formula is known.
///
/// A formula's HTML depends on its TeX, display style, KaTeX's version and the output kind;
/// the store is one file per course (`math-<hash>.cache`), whose header names the KaTeX version
/// and output kind, and which after each successful build holds exactly that build's formulas.
/// Formulas KaTeX refused are never stored (their diagnostic must show again).
final class CachedTypesetter {
    private let typesetter: MathTypesetter
    private let cache: BuildCache?
    private let storeName: String
    private let header: String
    private var known: [FormulaKey: String]
    /// Per submitted formula: its cached HTML, or nil when KaTeX typesets it.
    private var cached: [String?] = []
    private var misses: [FormulaKey] = []
    /// Every formula of this build, with its HTML when KaTeX typeset it without error.
    private var used: [FormulaKey: String] = [:]
    private var submittedKeys: [FormulaKey] = []

    struct FormulaKey: Hashable {
        var tex: String
        var display: Bool
    }

    init(_ typesetter: MathTypesetter, cache: BuildCache?, course: String) {
        self.typesetter = typesetter
        self.cache = cache
        storeName = "math-\(BuildCache.fileHash(course)).cache"
        let header = "coursegen math cache \(BuildCache.formatVersion)\nkatex \(Self.version(of: typesetter.katex)) \(typesetter.output.rawValue)\n"
        self.header = header
        known = cache?.read(storeName).flatMap { Self.decode($0, header: header) } ?? [:]
    }

    /// How many formulas went to KaTeX.
    private(set) var typesetCount = 0

    /// Starts node at once when no formula is stored (a cold build will need it, and its start-up
    /// then overlaps parsing the chapters); with a stored set, node starts only for formulas it
    /// lacks, so a warm build of known math never starts it.
    func startIfCold() {
        if known.isEmpty { typesetter.start() }
    }

    /// As `MathTypesetter.submit`; node starts only for formulas not in the cache.
    func submit(_ formulas: [Formula]) throws(Diagnostic) {
        var fresh: [Formula] = []
        for formula in formulas {
            let key = FormulaKey(tex: formula.tex, display: formula.isDisplay)
            submittedKeys.append(key)
            if let html = known[key] {
                cached.append(html)
            } else {
                cached.append(nil)
                misses.append(key)
                fresh.append(formula)
            }
        }
        typesetCount += fresh.count
        try typesetter.submit(fresh)
    }

    /// As `MathTypesetter.finish`, with cached formulas filled in at their places.
    func finish() throws(Diagnostic) -> (html: [String], diagnostics: [Diagnostic]) {
        let typeset = try typesetter.finish()
        var fromKaTeX = zip(misses, typeset.html).makeIterator()
        var html: [String] = []
        for hit in cached {
            if let hit {
                html.append(hit)
            } else if let (key, answer) = fromKaTeX.next() {
                html.append(answer)
                if !answer.hasPrefix(#"<span class="katex-error""#) { used[key] = answer }
            }
        }
        cached = []
        misses = []
        return (html, typeset.diagnostics)
    }

    /// Keeps this build's formulas (after a successful build), writing only when they changed.
    func save() {
        guard let cache else { return }
        var keep: [FormulaKey: String] = [:]
        for key in submittedKeys {
            if let html = used[key] ?? known[key] { keep[key] = html }
        }
        guard keep != known else { return }
        cache.write(Self.encode(keep, header: header), to: storeName)
    }

    /// KaTeX's version from its `package.json`; "unknown" keys nothing useful but stays exact
    /// for the same installation.
    static func version(of katex: KaTeX) -> String {
        let url = katex.nodeModules.appendingPathComponent("katex/package.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let version = object["version"] as? String
        else { return "unknown" }
        return version.filter { !$0.isWhitespace }
    }

    // MARK: - The store's format

    /// The header, then per formula `<0|1> <TeX bytes> <HTML bytes>\n<TeX><HTML>`, in TeX order.
    static func encode(_ formulas: [FormulaKey: String], header: String) -> Data {
        var data = Data(header.utf8)
        for (key, html) in formulas.sorted(by: { ($0.key.tex, $0.key.display ? 1 : 0) < ($1.key.tex, $1.key.display ? 1 : 0) }) {
            data.append(contentsOf: "\(key.display ? 1 : 0) \(key.tex.utf8.count) \(html.utf8.count)\n".utf8)
            data.append(contentsOf: key.tex.utf8)
            data.append(contentsOf: html.utf8)
        }
        return data
    }

    /// The formulas of a store with this header; nil for anything else (another version, a
    /// truncated or foreign file).
    static func decode(_ data: Data, header: String) -> [FormulaKey: String]? {
        let bytes = [UInt8](data)
        let headerBytes = Array(header.utf8)
        guard bytes.starts(with: headerBytes) else { return nil }
        var formulas: [FormulaKey: String] = [:]
        var index = headerBytes.count
        while index < bytes.count {
            guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let fields = String(decoding: bytes[index..<newline], as: UTF8.self).split(separator: " ")
            guard fields.count == 3, fields[0] == "0" || fields[0] == "1",
                  let texCount = Int(fields[1]), let htmlCount = Int(fields[2]), texCount >= 0, htmlCount >= 0,
                  texCount <= bytes.count - newline - 1, htmlCount <= bytes.count - newline - 1 - texCount
            else { return nil }
            let texStart = newline + 1, htmlStart = texStart + texCount
            guard let tex = String(validating: bytes[texStart..<htmlStart], as: UTF8.self),
                  let html = String(validating: bytes[htmlStart..<(htmlStart + htmlCount)], as: UTF8.self)
            else { return nil }
            formulas[FormulaKey(tex: tex, display: fields[0] == "1")] = html
            index = htmlStart + htmlCount
        }
        return formulas
    }
}

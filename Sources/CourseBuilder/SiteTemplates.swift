import Diagnostics
import Foundation
import Mustache

/// The Mustache templates of the site, loaded from the course's `Templates/` folder so an
/// author can restyle pages without touching Swift.
struct SiteTemplates {
    /// Template names the builder renders; each must exist as `NAME.mustache`.
    static let required = ["page", "index"]
    /// Static files copied verbatim into `assets/`.
    static let assetExtensions: Set<String> = ["css", "js", "svg", "png", "woff2"]

    let library: MustacheLibrary
    let assets: [URL]

    init(directory: URL, displayPath: String) throws(Diagnostic) {
        var templates: [String: MustacheTemplate] = [:]
        var assets: [URL] = []
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw Diagnostic(at: nil, "templates folder '\(displayPath)' cannot be read (pass --templates DIR)")
        }
        for name in names {
            let url = directory.appendingPathComponent(name)
            if name.hasSuffix(".mustache") {
                let text: String
                do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                    throw Diagnostic(at: nil, "cannot read template '\(displayPath)/\(name)': \(error.localizedDescription)")
                }
                do {
                    templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
                } catch {
                    throw Diagnostic(at: SourceLocation(file: "\(displayPath)/\(name)", line: 1, column: 1),
                                     "invalid Mustache template: \(error)")
                }
            } else if Self.assetExtensions.contains(url.pathExtension) {
                assets.append(url)
            }
        }
        for name in Self.required where templates[name] == nil {
            throw Diagnostic(at: nil, "templates folder '\(displayPath)' has no '\(name).mustache'")
        }
        self.library = MustacheLibrary(templates: templates)
        self.assets = assets
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

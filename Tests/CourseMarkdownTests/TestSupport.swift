import Foundation

/// Files copied into the test bundle (`Resources/`).
enum Fixtures {
    static func text(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources") else {
            throw FixtureError.missing(name)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func seeds() throws -> [(name: String, text: String)] {
        let names = ["000_90f890f8c8ced142.md", "001_a7fb8df7648d39c2.md", "002_25592a9968b6fef6.md",
                     "004_15da2586fa987f5b.md"]
        return try names.map { ($0, try text("seeds/\($0)")) }
    }
}

enum FixtureError: Error { case missing(String) }

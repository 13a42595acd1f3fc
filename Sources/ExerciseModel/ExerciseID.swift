extension Exercise {
    /// What an exercise id may be: it names the exercise in answers files, reports, gradebook
    /// columns and page anchors, so the language refuses at build time exactly what the grader
    /// refuses when it reads the exercise files.
    public static let idRule = "an exercise id is 1 to 100 letters, digits, '-', '_' or '.'"

    /// True for an id `idRule` allows.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100
            && id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0) }
    }
}

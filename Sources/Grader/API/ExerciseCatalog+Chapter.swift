import Diagnostics
import ExerciseModel

extension ExerciseCatalog {
    /// The catalogue of one chapter's exercises, for `handout --chapter`: `name` is the chapter
    /// file as the sheet records it (`04-backprop.md`), without `.md`, or a path ending in it
    /// (`Content/04-backprop.md`). Problem numbers stay those of the whole course (`4.1`),
    /// since each sheet carries its chapter number.
    /// - Throws: a `Diagnostic` listing the chapters that have exercises when none matches.
    public func chapter(_ name: String) throws(Diagnostic) -> ExerciseCatalog {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        let wanted = file.hasSuffix(".md") ? file : file + ".md"
        guard let sheet = sheets.first(where: { $0.chapter == wanted || $0.chapter.split(separator: "/").last.map(String.init) == wanted }) else {
            throw Diagnostic(
                at: nil, "no chapter '\(name)' among the chapters with exercises",
                notes: ["chapters with exercises: " + sheets.map(\.chapter).joined(separator: ", ")])
        }
        return try ExerciseCatalog(sheets: [sheet])
    }
}

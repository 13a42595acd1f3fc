import ArgumentParser
import CourseBuilder
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter course (course.yml and one chapter) into a new folder.",
        discussion: "Then `coursegen build DIR` builds it; edit DIR/course.yml and add chapters as DIR/*.md."
    )

    @Argument(help: "The new (or empty) folder for the course.")
    var directory: String

    func run() throws {
        do {
            try StarterCourse.write(to: URL(fileURLWithPath: directory), displayPath: directory)
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        print("wrote a starter course into \(directory)/ (course.yml, 01-introduction.md)")
        print("build it with: coursegen build \(directory) --out \(directory)-site")
    }
}

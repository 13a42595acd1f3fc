// Grading benchmark: builds the course's exercise sheet from `course.nn` with the real language,
// generates N submissions (right, equivalent, wrong and malformed answers, and some broken
// files), and grades them all in one call. See README.md beside this file.
//
//   swift run -c release grading-benchmark [--count N] [--distinct] [--write DIR]
//
// --write DIR also writes DIR/exercises/03.json and DIR/submissions/*.json, for timing the
// command line (`coursegen grade DIR/submissions --exercises DIR --format json`).
import ExerciseModel
import Foundation
import Grader
import NNLanguage

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    mutating func small() -> Int { Int(next() % 97) + 2 }
}

func sheet(from url: URL) throws -> ExerciseSheet {
    let source = try String(contentsOf: url, encoding: .utf8)
    let session = ChapterSession(file: "Content/03.md")
    var line = 1
    for block in source.components(separatedBy: "\n---\n") {
        _ = try session.run(block: block, firstLine: line)
        line += block.split(separator: "\n", omittingEmptySubsequences: false).count + 1
    }
    return ExerciseSheet(chapter: "03.md", exercises: session.exercises)
}

/// One answers file. Answers are drawn per exercise: mostly right (in many equivalent forms, with
/// random constants so no two files are alike), some wrong, some malformed.
/// With `distinct`, every expression and number string carries the student's own constant, so no
/// two files share an answer text and the grader's outcome cache never hits: the worst case.
func submission(_ index: Int, backprop: Exercise, distinct: Bool, random: inout Generator) -> [UInt8] {
    let student = "s\(String(format: "%05d", index))"
    if random.chance(0.03) {  // broken files: bad JSON, too deep, wrong top level
        return Array(random.pick([
            "{\"student\": \"\(student)\", \"answers\": {\"relu-derivative\": \"step(x)\",}}",
            "{\"student\": \"\(student)\", \"answers\": " + String(repeating: "[", count: 5000),
            "[\"\(student)\"]", "{\"student\": \"\(student)\", \"answers\": {\"gradient-decay\": NaN}}",
        ]).utf8)
    }
    let k = distinct ? index + 2 : random.small()
    var answers: [String] = []
    if distinct {
        answers.append("\"relu-derivative\": " + random.pick([
            "\"(x > 0) * \(k) / \(k)\"", "\"step(x) + 0 * \(k)\"", "\"x >= 0 ? \(k) / \(k) : 0\"", "\"x > \(k) ? 1 : 0\"",
        ]))
        answers.append("\"leaky-relu-derivative\": " + random.pick([
            "\"x > 0 ? 1 : \(k) / (100 * \(k))\"", "\"x > 0 ? \(k) / \(k) : 0.01\"", "\"x > 0 ? 1 : 0.01 + \(k)\"",
        ]))
        answers.append("\"gradient-decay\": \"0.25^9 * \(k) / \(k)\"")
        return Array("{\"student\": \"\(student)\", \"answers\": {\(answers.joined(separator: ", "))}}".utf8)
    }
    // relu-derivative
    answers.append("\"relu-derivative\": " + random.pick([
        "\"x > 0 ? 1 : 0\"", "\"step(x)\"", "\"x >= 0 ? 1 : 0\"", "\"(x > 0) * \(k) / \(k)\"", "\"relu(\(k) * x) / (\(k) * x)\"",
        "\"x > 1 ? 1 : 0\"", "\"x > 0 ? \(k) : 0\"", "\"x > 0 ? 1 :\"", "\"sigmoid(x)\"", "1",
    ]))
    // leaky-relu-derivative
    answers.append("\"leaky-relu-derivative\": " + random.pick([
        "\"x > 0 ? 1 : 0.01\"", "\"step(x) + 0.01 * (1 - step(x))\"", "\"x >= 0 ? 1 : 1/100\"", "\"max(0.01, step(x)) * \(k) / \(k)\"",
        "\"x > 0 ? 1 : 0\"", "\"x > 0 ? 1 : 0.1\"", "\"leaky(x)\"", "[0.01, 1]",
    ]))
    // backprop-w1: right for this student's variant, or wrong, or malformed
    let v = Variants.values(student: student, exercise: backprop)
    let right = (v["w2"]! * v["x"]! - v["t"]!) * v["w2"]! * v["x"]!
    answers.append("\"backprop-w1\": " + random.pick([
        "\(right)", "\"\(right) * \(k) / \(k)\"", "\"(\(v["w2"]!) * \(v["x"]!) - \(v["t"]!)) * \(v["w2"]!) * \(v["x"]!)\"",
        "-6", "\(right + 1)", "\"1/0\"", "\"2*(2-5\"", "true",
    ]))
    // gradient-decay
    answers.append("\"gradient-decay\": " + random.pick([
        "\"0.25^9\"", "\"(1/4)^9\"", "3.814697265625e-6", "\"1/4^9\"", "\"0.25^10\"", "0.25", "\"0/0\"", "\"10^400\"",
    ]))
    // xor-network
    let s = Double(k)
    answers.append("\"xor-network\": " + random.pick([
        "{\"W1\": [[1, 1], [-1, -1]], \"b1\": [-1.5, 0.5], \"W2\": [[-1, -1]], \"b2\": [0.5]}",
        "{\"W1\": [[\(s), \(s)], [-\(s), -\(s)]], \"b1\": [\(-0.5 * s), \(1.5 * s)], \"W2\": [[1, 1]], \"b2\": [-1.5]}",
        "{\"W1\": [[1, 1], [1, 1]], \"b1\": [-0.5, -1.5], \"W2\": [[1, -1]], \"b2\": [-0.5]}",
        "{\"W1\": [[1, 1], [0, 0]], \"b1\": [-1.5, 0], \"W2\": [[1, 0]], \"b2\": [-0.5]}",
        "{\"W1\": [[1, 1]], \"b1\": [0, 0], \"W2\": [[1, 1]], \"b2\": [0]}",
        "{\"W1\": [[1, \"a\"], [1, 1]], \"b1\": [0, 0], \"W2\": [[1, 1]], \"b2\": [0]}",
    ]))
    answers.append("\"weights\": " + random.pick(["[[1, 1], [-1, -1]]", "[[1, 1], [1, 1]]", "[1, 1, -1, -1]", "[[\"2/2\", 1], [-1, \"-1\"]]"]))
    answers.append("\"vanishing\": " + random.pick(["[\"sigmoid\", \"tanh\"]", "\"sigmoid\"", "[\"relu\"]", "[\"tanh\", \"relu\"]", "3"]))
    // Some students leave answers out.
    let kept = answers.filter { _ in !random.chance(0.05) }
    return Array("{\n  \"student\": \"\(student)\",\n  \"answers\": {\n    \(kept.joined(separator: ",\n    "))\n  }\n}\n".utf8)
}

var count = 10_000
var writeFolder: String?
var distinct = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--count": count = Int(arguments.popFirst() ?? "") ?? count
    case "--write": writeFolder = arguments.popFirst()
    case "--distinct": distinct = true
    default:
        FileHandle.standardError.write(Data("usage: grading-benchmark [--count N] [--distinct] [--write DIR]\n".utf8))
        exit(2)
    }
}

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let courseSheet = try sheet(from: here.appendingPathComponent("course.nn"))
let backprop = courseSheet.exercises.first { $0.id == "backprop-w1" }!
var random = Generator(state: 20_261_123)
let files: [(file: String, data: [UInt8])] = (0..<count).map { i in
    (file: "s\(String(format: "%05d", i)).json", data: submission(i, backprop: backprop, distinct: distinct, random: &random))
}
let bytes = files.reduce(0) { $0 + $1.data.count }

let clock = ContinuousClock()
// A warm-up on a slice with a throwaway grader (code paths, allocator), then the timed run with a
// fresh grader, so its cache of graded answer texts starts empty.
_ = try Grader(catalog: ExerciseCatalog(sheets: [courseSheet])).grade(files: Array(files.prefix(200)))
let prepareStart = clock.now
let grader = try Grader(catalog: ExerciseCatalog(sheets: [courseSheet]))
let prepared = clock.now - prepareStart
let start = clock.now
let reports = grader.grade(files: files)
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

var statuses: [String: Int] = [:]
for report in reports {
    for result in report.exercises { statuses[result.status.rawValue, default: 0] += 1 }
}
let unreadable = reports.filter { $0.errors != nil }.count
print("submissions:        \(count) (\(bytes / 1024) KiB), \(unreadable) unreadable files")
print("exercise results:   " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
print("prepare exercises:  \(prepared)")
print(String(format: "grade all:          %.3f s  →  %.0f submissions/s  (%.1f µs each, %d cores)",
             seconds, Double(count) / seconds, seconds / Double(count) * 1e6, ProcessInfo.processInfo.activeProcessorCount))

if let writeFolder {
    let root = URL(fileURLWithPath: writeFolder)
    let exercises = root.appendingPathComponent("exercises"), submissions = root.appendingPathComponent("submissions")
    try FileManager.default.createDirectory(at: exercises, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(courseSheet).write(to: exercises.appendingPathComponent("03.json"))
    for file in files { try Data(file.data).write(to: submissions.appendingPathComponent(file.file)) }
    print("wrote \(exercises.path)/03.json and \(files.count) files in \(submissions.path)")
}

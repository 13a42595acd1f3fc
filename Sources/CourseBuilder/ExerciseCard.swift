import CourseMarkdown
import ExerciseModel
import Foundation
import NNLanguage
import TextEscaping

/// What a student sees of an exercise: its problem number, points, prompt, the form its answer
/// takes and an input form (HTML), or the same card in Markdown without the form. Built only
/// from `PublicExercise`, never from the reference, so nothing on a page can give it away.
struct ExerciseCard {
    var exercise: PublicExercise
    /// The prompt already rendered (HTML for the page, Markdown for the GFM rendition).
    var prompt: String
    var labels: SiteLabels

    // MARK: HTML

    var html: String {
        let id = Escape.html(exercise.id)
        var out = "<section class=\"exercise\" id=\"exercise-\(id)\" data-exercise=\"\(id)\" data-kind=\"\(exercise.kind.rawValue)\">\n"
        out += "<header class=\"exercise-head\"><h4 class=\"exercise-title\">\(Escape.html(labels.text("problem", ["n": exercise.number])))</h4>"
        out += "<span class=\"exercise-points\">\(Escape.html(pointsText))</span></header>\n"
        out += "<div class=\"exercise-prompt\">\n\(prompt)</div>\n"
        if let varies = variesText() { out += "<p class=\"exercise-varies\">\(Escape.html(varies))</p>\n" }
        out += "<p class=\"exercise-format\"><span class=\"exercise-format-label\">\(Escape.html(labels.text("answerForm")))</span> \(formText(examples: { "<code>\(Escape.html($0))</code>" }, escape: Escape.html))</p>\n"
        out += "<div class=\"exercise-answer\">\n\(formHTML)</div>\n"
        out += "<p class=\"exercise-status\" aria-live=\"polite\"></p>\n</section>\n"
        return out
    }

    private var pointsText: String {
        exercise.points == 1 ? labels.text("point1") : labels.text("points", ["n": OutputRenderer.points(exercise.points)])
    }

    private func variesText(_ key: String = "varies") -> String? {
        guard !exercise.parameters.isEmpty else { return nil }
        return labels.text(key, ["names": exercise.parameters.map(\.name).joined(separator: ", ")])
    }

    /// What form the answer takes, in words.
    var formText: String { formText(examples: { $0 }, escape: { $0 }) }

    /// The form's words escaped for the output, each example written as `examples` makes it
    /// (code: `x > 0 ? 1 : 0` is read as a formula, not as part of the sentence).
    private func formText(examples: (String) -> String, escape: (String) -> String) -> String {
        let marker = "\u{0}"
        let list = exercise.examples ?? []
        let fill = list.isEmpty ? "" : labels.text("examples", ["list": list.map { _ in marker }.joined(separator: labels.text("exampleSeparator"))])
        var pieces = escape(formWords(fill)).components(separatedBy: escape(marker))
        var out = pieces.removeFirst()
        for (example, rest) in zip(list, pieces) { out += examples(example) + rest }
        return out
    }

    private func formWords(_ examplesText: String) -> String {
        switch exercise.kind {
        case .number: return labels.text("formNumber", ["examples": examplesText])
        case .expression: return labels.text("formExpression", ["v": exercise.variable ?? "x", "examples": examplesText])
        case .network: return labels.text(exercise.network == nil ? "formNetworkAny" : "formNetwork")
        case .choice: return labels.text(exercise.options == nil ? "formChoiceList" : "formChoice")
        case .tensor:
            switch exercise.shape ?? [] {
            case []: return labels.text("formScalar")
            case let shape where shape.count == 1: return labels.text("formVector", ["n": "\(shape[0])"])
            case let shape where shape.count == 2: return labels.text("formMatrix", ["r": "\(shape[0])", "c": "\(shape[1])"])
            case let shape: return labels.text("formTensor", ["shape": shape.map(String.init).joined(separator: "×")])
            }
        }
    }

    private var formHTML: String {
        let answer = Escape.html(labels.text("answer"))
        switch exercise.kind {
        case .number:
            return "<input class=\"answer-text\" type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"\(answer)\" data-field=\"value\">\n"
        case .expression:
            return "<input class=\"answer-text answer-expression\" type=\"text\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"\(answer)\" data-field=\"value\">\n"
                + "<output class=\"answer-preview\" data-preview></output>\n"
        case .network:
            guard let shape = exercise.network else { return textArea(answer) }
            return "<div class=\"matrices\">\n"
                + matrix("W1", rows: shape.hidden, columns: shape.inputs)
                + matrix("b1", rows: shape.hidden, columns: 1)
                + matrix("W2", rows: shape.outputs, columns: shape.hidden)
                + matrix("b2", rows: shape.outputs, columns: 1) + "</div>\n"
        case .tensor:
            switch exercise.shape ?? [] {
            case []: return matrix("T", rows: 1, columns: 1, caption: false)
            case let shape where shape.count == 1: return matrix("T", rows: 1, columns: shape[0], caption: false)
            case let shape where shape.count == 2: return matrix("T", rows: shape[0], columns: shape[1], caption: false)
            default: return textArea(answer)
            }
        case .choice:
            guard let options = exercise.options else {
                return "<input class=\"answer-text\" type=\"text\" autocomplete=\"off\" aria-label=\"\(answer)\" data-field=\"value\">\n"
            }
            return "<fieldset class=\"choices\"><legend class=\"visually-hidden\">\(answer)</legend>\n"
                + options.map { "<label class=\"choice\"><input type=\"checkbox\" data-field=\"choice\" value=\"\(Escape.html($0))\"> <span>\(Escape.html($0))</span></label>\n" }.joined()
                + "</fieldset>\n"
        }
    }

    private func textArea(_ label: String) -> String {
        "<textarea class=\"answer-json\" rows=\"4\" spellcheck=\"false\" aria-label=\"\(label)\" data-field=\"value\"></textarea>\n"
    }

    /// A grid of number fields named `NAME[row][column]`, captioned with its name and size.
    private func matrix(_ name: String, rows: Int, columns: Int, caption: Bool = true) -> String {
        var out = "<figure class=\"matrix-field\">"
        if caption { out += "<figcaption><var>\(name)</var> <small>\(rows)×\(columns)</small></figcaption>" }
        out += "<div class=\"matrix\" style=\"--columns: \(columns)\">"
        for row in 0..<rows {
            for column in 0..<columns {
                out += "<input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" aria-label=\"\(name)[\(row + 1)][\(column + 1)]\" data-field=\"\(name)\" data-row=\"\(row)\" data-col=\"\(column)\">"
            }
        }
        return out + "</div></figure>\n"
    }

    // MARK: GFM

    /// The card in Markdown: number, points, prompt, the answer's form; no form, no code.
    var gfm: String {
        var out = "\n**\(MarkdownText.escapeInline(labels.text("problem", ["n": exercise.number])))**（\(MarkdownText.escapeInline(pointsText))）\n\n"
        out += prompt.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
        if let varies = variesText("variesSheet") { out += "*\(MarkdownText.escapeInline(varies))*\n\n" }
        out += "> **\(MarkdownText.escapeInline(labels.text("answerForm")))** \(formText(examples: { "`\($0)`" }, escape: MarkdownText.escapeInline))\n"
        return out
    }
}

/// The part of an exercise a page may publish: what the form needs and nothing that answers it.
/// Written for the whole course to `assets/exercise-data.js`, read by `assets/exercises.js`.
struct PublicExercise: Codable, Hashable {
    var id: String
    var kind: ExerciseKind
    var points: Double
    /// The problem number the page shows (`4.2`).
    var number: String
    /// The chapter page it is on, percent-encoded (`04-backprop.html`).
    var page: String
    /// Names and choices only: the same `VariantParameter` the key records (choices are public;
    /// a student's value is drawn from them by the published hash).
    var parameters: [VariantParameter]
    var options: [String]?
    var network: NetworkShape?
    /// A tensor answer's shape (its size, not its values).
    var shape: [Int]?
    /// An expression answer's variable.
    var variable: String?
    /// Example answers the card shows, each a correct answer for none of the variants
    /// (`ExampleAnswers.safe`); nil for kinds that show none.
    var examples: [String]?

    init(_ exercise: Exercise, number: String, page: String) {
        id = exercise.id
        kind = exercise.kind
        points = exercise.points
        self.number = number
        self.page = page
        parameters = exercise.parameters
        options = exercise.options
        network = exercise.network
        switch exercise.reference {
        case .tensor(let shape, _): self.shape = shape
        case .derivative(_, let variable): self.variable = variable
        default: break
        }
        let examples = ExampleAnswers.safe(for: exercise)
        if exercise.kind == .number || exercise.kind == .expression { self.examples = examples }
    }
}

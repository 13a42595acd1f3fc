/// `{{name}}` in a prompt stands for the student's value of parameter `name`.
///
/// The one rule for the chapter page (which shows the name), the handout (the student's value),
/// the grader's checks of an exercise file and `coursegen build` (which refuses a placeholder
/// that names no parameter, so no file that `grade` and `handout` would refuse is written).
/// Only a parameter name between the braces (spaces around it allowed: `{{ x }}` is `{{x}}`)
/// is a placeholder; any other `{{…}}` is left as written, so prompts can still show braces.
public enum Placeholder {
    /// Parameter names used in `text`, in order of first use.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        _ = substitute(in: text) { name in
            if !names.contains(name) { names.append(name) }
            return nil
        }
        return names
    }

    /// Placeholders of the exercise's prompt that name none of its parameters, in order.
    public static func unknownNames(in exercise: Exercise) -> [String] {
        let declared = Set(exercise.parameters.map(\.name))
        return names(in: exercise.prompt).filter { !declared.contains($0) }
    }

    /// `text` with each placeholder replaced by `replacement(name)`; nil keeps it as written.
    public static func substitute(in text: String, _ replacement: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            var inner = after[..<close.lowerBound]
            while let first = inner.first, first.isWhitespace { inner.removeFirst() }
            while let last = inner.last, last.isWhitespace { inner.removeLast() }
            if isParameterName(String(inner)), let value = replacement(String(inner)) {
                out += value
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = after[close.upperBound...]
        }
        out += rest
        return out
    }

    /// An ASCII identifier of at most 64 characters: what a parameter may be called.
    public static func isParameterName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.count <= 64
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil) }
    }
}

import Foundation
/// "Did you mean" by edit distance, so a typo costs the author one glance, not a search.
public enum Suggest {
    /// Edit distance where swapping two neighbours (`shwo`, `sigmiod`) is one edit, as typos go.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The closest candidate within a third of the name's length (at least 1, at most 3 edits);
    /// ties go to the alphabetically first, so the note is deterministic.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        // One- and two-letter names (x, w1) are too close to everything to suggest anything useful.
        guard name.count > 2 else { return nil }
        let limit = min(3, max(1, name.count / 3))
        var best: (String, Int)?
        for candidate in Set(candidates) where candidate != name {
            let d = distance(name.lowercased(), candidate.lowercased())
            guard d <= limit else { continue }
            if best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
        }
        return best?.0
    }

    public static func note(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }
}

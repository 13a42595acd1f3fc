import Foundation
import TextEscaping

/// The site's own words (navigation, search, footer), in the course's language: Japanese for
/// `ja`, English otherwise. Course text (title, description) comes from the course file only.
struct SiteLabels {
    var values: [String: String]

    init(language: String) {
        values = language.lowercased().hasPrefix("ja") ? Self.japanese : Self.english
    }

    /// "第3章" / "Chapter 3".
    func chapter(_ number: Int) -> String {
        (values["chapterNumber"] ?? "{n}").replacingOccurrences(of: "{n}", with: String(number))
    }

    /// "図 4.1" / "Figure 4.1", "式 (4.3)" / "Eq. (4.3)": a numbered item's name.
    func numbered(_ kind: CrossReferences.Kind, _ number: String) -> String {
        let key = switch kind { case .figure: "figureNumber"; case .table: "tableNumber"; case .equation: "equationNumber" }
        return (values[key] ?? "{n}").replacingOccurrences(of: "{n}", with: number)
    }

    /// A label with `{n}` (and any other `{key}` given) filled in.
    func text(_ key: String, _ fills: [String: String] = [:]) -> String {
        fills.reduce(values[key] ?? key) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The footer of a page whose numbers come from its `nn` blocks, as HTML.
    func computedFooter(source: String) -> String {
        (values["computed"] ?? "").replacingOccurrences(of: "{source}", with: "<code>\(Escape.html(source))</code>")
    }

    private static let japanese = [
        "chapters": "章", "contents": "この章の内容", "pager": "前後の章", "tableOfContents": "目次",
        "search": "検索", "searchNone": "見つかりませんでした", "searchCount": "{n} 件",
        "searchHint": "語句を入力してください", "theme": "ダークモード切替", "chapterNumber": "第{n}章",
        "previous": "前の章", "next": "次の章", "showCode": "コードを表示", "author": "著者",
        "figureNumber": "図 {n}", "tableNumber": "表 {n}", "equationNumber": "式 {n}",
        "computed": "この頁の数値はすべて <code>coursegen</code> が {source} の <code>nn</code> ブロックを実行して計算したものです。",
    ].merging(ExerciseLabels.japanese) { $1 }

    private static let english = [
        "chapters": "Chapters", "contents": "In this chapter", "pager": "Previous and next chapter",
        "tableOfContents": "Contents", "search": "Search", "searchNone": "No matches",
        "searchCount": "{n} results", "searchHint": "Type a word to search", "theme": "Toggle dark mode",
        "chapterNumber": "Chapter {n}", "previous": "Previous", "next": "Next", "showCode": "Show code",
        "author": "Author", "figureNumber": "Figure {n}", "tableNumber": "Table {n}", "equationNumber": "Eq. {n}",
        "computed": "Every number on this page was computed by <code>coursegen</code> running the <code>nn</code> blocks of {source}.",
    ].merging(ExerciseLabels.english) { $1 }
}

import TextEscaping
import CourseMarkdown

/// A single self-contained HTML page from Markdown (a student's handout): no site, no assets,
/// so it can be mailed or printed as one file.
public enum StandalonePage {
    public static func html(markdown: String, title: String, file: String) -> String {
        let body = MarkdownDocument(parsing: markdown, file: file).renderedHTML()
        return """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Escape.html(title))</title>
            <style>
            body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", sans-serif;
                   line-height: 1.8; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
            code, pre { font-family: "DejaVu Sans Mono", monospace; background: #f1f3f7; border-radius: 3px; }
            pre { padding: 0.8rem; overflow-x: auto; }
            blockquote { border-left: 4px solid #d9dee7; margin: 0; padding-left: 1rem; color: #5b6475; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}

/// The node program that runs KaTeX for a whole build.
///
/// Reads one JSON object per line (`{"tex": "...", "display": true}`, optionally with
/// `"output": "mathml"`) and answers each, in order, with one line: `{"html": "..."}` or
/// `{"error": "...", "position": 3}` (`position`: the UTF-16 offset in the TeX where KaTeX
/// stopped; absent when it does not know). When the
/// `katex` module cannot be loaded it writes `{"fatal": "..."}` and exits with status 2.
/// Compiled into the binary so a build works from any folder.
enum Driver {
    /// V8 settings for a run of a fraction of a second: optimising compilation (TurboFan) and
    /// background threads cost more than they save, and a larger young generation means fewer
    /// collections. Measured on the bundled course's 212 distinct formulas: 0.30 s → 0.16 s of
    /// wall time for node alone, and faster on 3000 formulas too (Benchmarks/math/README.md).
    static let nodeOptions = ["--no-opt", "--single-threaded", "--max-semi-space-size=16"]

    static let source = #"""
        "use strict";
        let katex;
        try {
          katex = require("katex");
        } catch (error) {
          process.stdout.write(JSON.stringify({ fatal: String(error && error.message || error) }) + "\n");
          process.exit(2);
        }
        const options = { output: "htmlAndMathml", throwOnError: true, strict: "ignore", trust: false };
        function reply(formula) {
          try {
            return { html: katex.renderToString(formula.tex, { ...options, ...(formula.output && { output: formula.output }), displayMode: formula.display }) };
          } catch (error) {
            if (!(error instanceof katex.ParseError)) return { error: String(error && error.message || error) };
            let message = error.message.replace(/^KaTeX parse error: /, "");
            const position = typeof error.position === "number" ? error.position : undefined;
            for (const marker of [" at position " + (position + 1) + ": ", " at end of input: "]) {
              const cut = message.lastIndexOf(marker);
              if (cut >= 0) { message = message.slice(0, cut); break; }
            }
            return { error: message, position };
          }
        }
        const input = require("readline").createInterface({ input: process.stdin, crlfDelay: Infinity });
        const pending = [];
        input.on("line", (line) => {
          if (line.length === 0) return;
          pending.push(JSON.stringify(reply(JSON.parse(line))));
          if (pending.length >= 64) { process.stdout.write(pending.join("\n") + "\n"); pending.length = 0; }
        });
        input.on("close", () => {
          if (pending.length > 0) process.stdout.write(pending.join("\n") + "\n");
        });
        """#
}

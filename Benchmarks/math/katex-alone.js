// KaTeX alone on a built site's formulas: node start-up, `require("katex")` and one
// renderToString per formula (htmlAndMathml, as coursegen does), in one process.
// Usage: NODE_PATH=/usr/share/nodejs node katex-alone.js formulas.jsonl
"use strict";
const started = process.hrtime.bigint();
const katex = require("katex");
const loaded = process.hrtime.bigint();
const lines = require("fs").readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.length > 0);
let bytes = 0;
for (const line of lines) {
  const formula = JSON.parse(line);
  bytes += katex.renderToString(formula.tex, {
    displayMode: formula.display, output: "htmlAndMathml", throwOnError: false, strict: "ignore",
  }).length;
}
const done = process.hrtime.bigint();
console.log(JSON.stringify({
  formulas: lines.length, htmlBytes: bytes,
  requireMs: Number(loaded - started) / 1e6, renderMs: Number(done - loaded) / 1e6,
}));

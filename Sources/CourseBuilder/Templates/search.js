// Full-text search over assets/search-index.js (built by coursegen, loaded as a script so it
// works from file://). A query's words must all occur in a section; candidates come from the
// index's character bigrams, which need no word segmentation (Japanese works as English does).
(function () {
  "use strict";
  var index = window.courseSearchIndex || { sections: [], grams: {} };
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var input = document.getElementById("search-query");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;

  function normalize(text) { return text.toLowerCase(); }
  function compact(text) { return normalize(text).replace(/\s+/g, ""); }

  /** Sections holding every bigram of the term (all sections for a one-character term). */
  function candidates(term) {
    var chars = Array.from(compact(term));
    if (chars.length < 2) return null;
    var found = null;
    for (var i = 0; i + 1 < chars.length; i++) {
      var ids = index.grams[chars[i] + chars[i + 1]] || [];
      var set = new Set(ids);
      found = found === null ? set : new Set(Array.from(found).filter(function (id) { return set.has(id); }));
      if (found.size === 0) break;
    }
    return found;
  }

  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at !== -1) { n++; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  function search(terms) {
    var pool = null;
    terms.forEach(function (term) {
      var ids = candidates(term);
      if (ids === null) return;
      pool = pool === null ? ids : new Set(Array.from(pool).filter(function (id) { return ids.has(id); }));
    });
    var ids = pool === null ? index.sections.map(function (_, i) { return i; }) : Array.from(pool);
    var results = [];
    ids.forEach(function (id) {
      var section = index.sections[id];
      var text = normalize(section.text), title = normalize(section.title);
      var score = 0;
      for (var t = 0; t < terms.length; t++) {
        var hits = count(text, terms[t]) + 5 * count(title, terms[t]);
        if (hits === 0) return;
        score += hits;
      }
      results.push({ section: section, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return results;
  }

  /** The text around the first hit, with the hit marked (built as DOM nodes, never as HTML). */
  function snippet(text, term) {
    var p = document.createElement("p");
    var at = normalize(text).indexOf(term);
    if (at === -1) { p.textContent = text.slice(0, 120); return p; }
    var start = Math.max(0, at - 50), end = Math.min(text.length, at + term.length + 70);
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + term.length);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(at + term.length, end) + (end < text.length ? "…" : "")));
    return p;
  }

  var terms = normalize(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  if (terms.length === 0) { status.textContent = status.dataset.hint; return; }
  var results = search(terms);
  status.textContent = results.length === 0 ? status.dataset.none : status.dataset.count.replace("{n}", results.length);
  results.forEach(function (result) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = result.section.href;
    link.textContent = result.section.title;
    item.appendChild(link);
    if (result.section.title !== result.section.chapter) {
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = result.section.chapter;
      item.appendChild(where);
    }
    item.appendChild(snippet(result.section.text, terms[0]));
    list.appendChild(item);
  });
  document.title = query + " — " + document.title;
})();

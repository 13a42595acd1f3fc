// coursegen's answering script: the student's id, their own numbers in every prompt, the answer
// forms, answers kept in the browser, and the answers file (docs/grading.md). Works offline from
// file://: everything it needs is in assets/exercise-data.js, which holds only public data.
(function () {
  "use strict";
  var data = window.coursegenExercises;
  if (!data) return;
  var L = data.labels;
  var byID = {};
  data.exercises.forEach(function (e) { byID[e.id] = e; });
  var storeKey = "coursegen:" + data.course + ":";

  function label(key, fills) {
    var text = L[key] || key;
    Object.keys(fills || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(fills[k])); });
    return text;
  }
  function load(name, fallback) {
    try { var v = localStorage.getItem(storeKey + name); return v === null ? fallback : JSON.parse(v); }
    catch (e) { return fallback; }
  }
  function save(name, value) {
    try { localStorage.setItem(storeKey + name, JSON.stringify(value)); } catch (e) { /* storage may be off */ }
  }

  // ---- Per-student variants: the published hash (docs/grading.md, "Per-student variants") ----
  var MASK = (1n << 64n) - 1n;
  function fnv1a64(bytes) {
    var h = 0xcbf29ce484222325n;
    for (var i = 0; i < bytes.length; i++) { h ^= BigInt(bytes[i]); h = (h * 0x100000001b3n) & MASK; }
    return h;
  }
  function finalise(s) {
    var z = (s + 0x9e3779b97f4a7c15n) & MASK;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  }
  function variantHash(student, exercise, parameter) {
    var utf8 = new TextEncoder();
    var parts = [utf8.encode(student), [0], utf8.encode(exercise), [0], utf8.encode(parameter)];
    var bytes = [];
    parts.forEach(function (p) { for (var i = 0; i < p.length; i++) bytes.push(p[i]); });
    return finalise(fnv1a64(bytes));
  }
  function variantValue(student, exercise, parameter) {
    var n = BigInt(parameter.choices.length);
    return parameter.choices[Number(variantHash(student, exercise.id, parameter.name) % n)];
  }
  // A number as the handout writes it (Swift's shortest form: integers without ".0", 1e-05).
  function formatNumber(v) {
    if (isNaN(v)) return "NaN";
    if (!isFinite(v)) return v > 0 ? "+∞" : "−∞";
    if (v === Math.round(v) && Math.abs(v) < 1e15) return String(v);
    var parts = v.toExponential().split("e");
    var digits = parts[0].replace(".", "").replace("-", ""), exponent = Number(parts[1]);
    var sign = v < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      var mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits + "";
      var e = Math.abs(exponent);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" + e : String(e));
    }
    if (exponent < 0) return sign + "0." + "0".repeat(-exponent - 1) + digits;
    if (digits.length <= exponent + 1) return sign + digits + "0".repeat(exponent + 1 - digits.length) + ".0";
    return sign + digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
  }

  // ---- The answer expression subset: a small parser for the live preview and the checks ----
  var SUPERSCRIPTS = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+" };
  // What students type beyond ASCII, written as the expression language reads it.
  function normalise(text) {
    text = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, function (run) {
      return "^(" + run.split("").map(function (c) { return SUPERSCRIPTS[c]; }).join("") + ")";
    });
    text = text.normalize("NFKC").replace(/[−–]/g, "-").replace(/[×·⋅]/g, "*").replace(/÷/g, "/").replace(/σ/g, "sigmoid")
      .replace(/≤/g, "<=").replace(/≥/g, ">=").replace(/≠/g, "!=");
    return text.trim();
  }
  function ParseError(key, fills) { this.key = key; this.fills = fills || {}; }
  function tokenize(text) {
    var tokens = [], i = 0;
    while (i < text.length) {
      var c = text[i], m;
      if (/\s/.test(c)) { i++; continue; }
      var rest = text.slice(i);
      if ((m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(rest))) { tokens.push({ t: "num", v: m[0], p: i }); i += m[0].length; continue; }
      if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) { tokens.push({ t: "id", v: m[0], p: i }); i += m[0].length; continue; }
      // `**` is the language's alias of `^` (Lexer.swift), as NumPy users type it.
      if (rest.startsWith("**")) { tokens.push({ t: "op", v: "^", p: i }); i += 2; continue; }
      if ((m = /^(<=|>=|==|!=|[-+*\/^<>?:(),=])/.exec(rest))) { tokens.push({ t: "op", v: m[0], p: i }); i += m[0].length; continue; }
      throw new ParseError("errChar", { text: c, pos: i + 1 });
    }
    tokens.push({ t: "end", v: "", p: text.length });
    return tokens;
  }
  // Grammar of NNLanguage's Parser: c ? a : b < comparison < + - < * / < unary - < ^ (right) < call.
  function parse(text, variables) {
    var tokens = tokenize(normalise(text)), k = 0;  // positions count in the normalised text
    function peek() { return tokens[k]; }
    function is(v) { return peek().t === "op" && peek().v === v; }
    function fail() {
      var t = peek();
      if (t.t === "end") throw new ParseError("errEnd");
      throw new ParseError("errUnexpected", { text: t.v, pos: t.p + 1 });
    }
    function expect(v) { if (!is(v)) { if (peek().t === "end") throw new ParseError("errEnd"); throw new ParseError("errExpected", { what: v, pos: peek().p + 1 }); } k++; }
    function conditional() {
      var c = comparison();
      if (!is("?")) return c;
      k++; var a = conditional(); expect(":"); var b = conditional();
      return { k: "if", c: c, a: a, b: b };
    }
    function comparison() {
      var l = additive();
      if (peek().t === "op" && ["<", "<=", ">", ">=", "==", "!="].indexOf(peek().v) >= 0) {
        var op = tokens[k++].v; return { k: "bin", op: op, l: l, r: additive() };
      }
      return l;
    }
    function additive() {
      var l = multiplicative();
      while (is("+") || is("-")) { var op = tokens[k++].v; l = { k: "bin", op: op, l: l, r: multiplicative() }; }
      return l;
    }
    function multiplicative() {
      var l = unary();
      while (is("*") || is("/")) { var op = tokens[k++].v; l = { k: "bin", op: op, l: l, r: unary() }; }
      return l;
    }
    function unary() {
      if (is("-")) { k++; return { k: "neg", e: unary() }; }
      if (is("+")) { k++; return unary(); }
      return power();
    }
    function power() {
      var base = call();
      if (!is("^")) return base;
      k++; return { k: "bin", op: "^", l: base, r: unary() };
    }
    function call() {
      var t = peek();
      if (t.t === "num") { k++; return { k: "num", v: t.v }; }
      if (t.t === "id") {
        k++;
        if (is("(")) {
          k++; var args = [];
          if (!is(")")) {
            do {
              if (peek().t === "id" && tokens[k + 1].t === "op" && tokens[k + 1].v === "=") {
                var name = tokens[k].v; k += 2; args.push({ name: name, e: conditional() });
              } else {
                if (args.some(function (a) { return a.name; })) throw new ParseError("errPositional", { pos: peek().p + 1 });
                args.push({ e: conditional() });
              }
            } while (is(",") && ++k);
          }
          expect(")");
          return { k: "call", f: t.v, args: args };
        }
        if (variables.indexOf(t.v) < 0 && t.v !== "pi" && t.v !== "e") throw new ParseError("errVariable", { name: t.v });
        return { k: "name", v: t.v };
      }
      if (is("(")) { k++; var inner = conditional(); expect(")"); return inner; }
      fail();
    }
    var tree = conditional();
    if (peek().t !== "end") fail();
    return tree;
  }
  // The tree written back with every grouping explicit: what the grader will read.
  function show(n, top) {
    var out;
    switch (n.k) {
      case "num": case "name": return n.v;
      case "neg": out = "-" + show(n.e); break;
      case "call": return n.f + "(" + n.args.map(function (a) { return (a.name ? a.name + " = " : "") + show(a.e, true); }).join(", ") + ")";
      case "bin": out = show(n.l) + " " + n.op + " " + show(n.r); break;
      case "if": out = show(n.c) + " ? " + show(n.a) + " : " + show(n.b); break;
    }
    return top ? out : "(" + out + ")";
  }
  function message(error) {
    return error instanceof ParseError ? label(error.key, error.fills) : String(error && error.message || error);
  }

  // ---- Reading a card's fields into an answer (docs/grading.md, "The answers file") ----
  var NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  function numberOrArithmetic(raw) {
    var text = normalise(raw);
    if (NUMBER.test(text) && isFinite(Number(text))) return Number(text);
    parse(text, []);
    return text;
  }
  function grid(state, name, rows, columns, plainNumbers) {
    var out = [], empty = 0;
    for (var r = 0; r < rows; r++) {
      var row = [];
      for (var c = 0; c < columns; c++) {
        var raw = (state[name + ":" + r + ":" + c] || "").trim();
        if (!raw) { empty++; row.push(null); continue; }
        var text = normalise(raw);
        if (NUMBER.test(text) && isFinite(Number(text))) row.push(Number(text));
        else if (plainNumbers) throw new ParseError("errCell", { name: name === "T" ? L.answer : name, cell: "[" + (r + 1) + "][" + (c + 1) + "]", text: raw });
        else { try { parse(text, []); } catch (e) { throw new ParseError("errCell", { name: name === "T" ? L.answer : name, cell: "[" + (r + 1) + "][" + (c + 1) + "]", text: raw }); } row.push(text); }
      }
      out.push(row);
    }
    return { rows: out, empty: empty, cells: rows * columns };
  }
  // The answer to write, or null when nothing was given; throws a ParseError when malformed.
  function answerOf(exercise, state) {
    state = state || {};
    var text = (state.value || "").trim();
    switch (exercise.kind) {
      case "number": return text ? numberOrArithmetic(text) : null;
      case "expression":
        if (!text) return null;
        parse(normalise(text), [exercise.variable || "x"]);
        return normalise(text);
      case "choice":
        if (exercise.options) return state.choice && state.choice.length ? state.choice.slice() : null;
        var items = text.split(/[,、，]/).map(function (s) { return s.trim(); }).filter(Boolean);
        return items.length ? items : null;
      case "network": return exercise.network ? networkOf(exercise.network, state) : jsonOf(text);
      case "tensor": return tensorOf(exercise.shape || [], state, text);
    }
    return null;
  }
  function jsonOf(text) {
    if (!text) return null;
    try { return JSON.parse(text); } catch (e) { throw new ParseError("errJSON", { message: e.message }); }
  }
  function networkOf(shape, state) {
    var parts = { W1: grid(state, "W1", shape.hidden, shape.inputs, true), b1: grid(state, "b1", shape.hidden, 1, true),
      W2: grid(state, "W2", shape.outputs, shape.hidden, true), b2: grid(state, "b2", shape.outputs, 1, true) };
    var names = Object.keys(parts), empty = 0, cells = 0;
    names.forEach(function (n) { empty += parts[n].empty; cells += parts[n].cells; });
    if (empty === cells) return null;
    names.forEach(function (n) { if (parts[n].empty) throw new ParseError("errIncomplete", { name: n }); });
    var column = function (g) { return g.rows.map(function (r) { return r[0]; }); };
    return { W1: parts.W1.rows, b1: column(parts.b1), W2: parts.W2.rows, b2: column(parts.b2) };
  }
  function tensorOf(shape, state, text) {
    if (shape.length > 2) return jsonOf(text);
    var rows = shape.length === 2 ? shape[0] : 1, columns = shape.length === 0 ? 1 : shape[shape.length - 1];
    var g = grid(state, "T", rows, columns, false);
    if (g.empty === g.cells) return null;
    if (g.empty) throw new ParseError("errIncomplete", { name: L.answer });
    if (shape.length === 0) return g.rows[0][0];
    return shape.length === 1 ? g.rows[0] : g.rows;
  }

  // ---- The page: the student's id, their numbers, the forms ----
  var student = null;
  function validStudent(id) { return typeof id === "string" && id.trim().length > 0 && id.trim().length <= 200 && !/[\u0000-\u001f\u007f-\u009f]/.test(id); }
  // Answers are kept per student (a shared computer); those typed before an id was given go
  // to the first id entered.
  function answersKey() { return "answers:" + (student || ""); }
  function setStudent(id) {
    student = validStudent(id) ? id.trim() : null;
    if (student) {
      save("student", student);
      var anonymous = load("answers:", null);
      if (anonymous && !load(answersKey(), null)) { save(answersKey(), anonymous); save("answers:", {}); }
    }
    fillParameters();
    updatePanel();
    var answers = load(answersKey(), {});
    document.querySelectorAll("section.exercise[data-exercise]").forEach(function (card) {
      var exercise = byID[card.dataset.exercise];
      if (!exercise) return;
      restore(card, answers[exercise.id] || {});
      check(card, exercise);
    });
  }
  function fillParameters() {
    document.querySelectorAll("section.exercise[data-exercise]").forEach(function (card) {
      var exercise = byID[card.dataset.exercise];
      if (!exercise) return;
      var varies = card.querySelector(".exercise-varies"), names = exercise.parameters.map(function (p) { return p.name; }).join(", ");
      var values = student ? exercise.parameters.map(function (p) { return p.name + " = " + formatNumber(variantValue(student, exercise, p)); }).join(", ") : "";
      if (varies) varies.textContent = label(student ? "variesMine" : "varies", { names: names, id: student, values: values });
      card.querySelectorAll("[data-param]").forEach(function (el) {
        var p = exercise.parameters.filter(function (q) { return q.name === el.dataset.param; })[0];
        if (!p) return;
        if (!student) { el.innerHTML = "<var></var>"; el.firstChild.textContent = p.name; el.classList.remove("filled"); el.removeAttribute("title"); return; }
        el.textContent = formatNumber(variantValue(student, exercise, p));
        el.classList.add("filled");
        el.title = p.name;
      });
    });
  }

  var panel, idInput, idStatus, downloadStatus;
  function buildPanel(first) {
    panel = document.createElement("div");
    panel.className = "answer-panel";
    var form = document.createElement("form");
    form.className = "student-form";
    var lab = document.createElement("label");
    lab.textContent = L.studentLabel;
    idInput = document.createElement("input");
    idInput.type = "text"; idInput.name = "student"; idInput.autocomplete = "username"; idInput.spellcheck = false;
    lab.appendChild(idInput);
    var set = document.createElement("button");
    set.type = "submit"; set.textContent = L.studentSet;
    form.appendChild(lab); form.appendChild(set);
    form.addEventListener("submit", function (event) { event.preventDefault(); setStudent(idInput.value); });
    idStatus = document.createElement("p");
    idStatus.className = "student-status";
    var download = document.createElement("button");
    download.type = "button"; download.className = "download-answers"; download.textContent = L.download;
    download.addEventListener("click", downloadAnswers);
    downloadStatus = document.createElement("p");
    downloadStatus.className = "download-status"; downloadStatus.setAttribute("aria-live", "polite");
    [form, idStatus, download, downloadStatus].forEach(function (el) { panel.appendChild(el); });
    first.parentNode.insertBefore(panel, first);
  }
  function updatePanel() {
    if (!panel) return;
    idInput.value = student || "";
    idStatus.textContent = student ? label("studentIs", { id: student }) : L.studentNone;
    panel.classList.toggle("has-student", !!student);
  }

  function stateOf(card) {
    var state = {};
    card.querySelectorAll("[data-field]").forEach(function (field) {
      if (field.type === "checkbox") {
        state.choice = state.choice || [];
        if (field.checked) state.choice.push(field.value);
      } else {
        var key = field.dataset.field + (field.dataset.row !== undefined ? ":" + field.dataset.row + ":" + field.dataset.col : "");
        state[key] = field.value;
      }
    });
    return state;
  }
  function restore(card, state) {
    card.querySelectorAll("[data-field]").forEach(function (field) {
      if (field.type === "checkbox") { field.checked = (state.choice || []).indexOf(field.value) >= 0; return; }
      var key = field.dataset.field + (field.dataset.row !== undefined ? ":" + field.dataset.row + ":" + field.dataset.col : "");
      field.value = state[key] !== undefined ? state[key] : "";
    });
  }
  function check(card, exercise) {
    var status = card.querySelector(".exercise-status"), preview = card.querySelector("[data-preview]");
    var state = stateOf(card);
    try {
      var answer = answerOf(exercise, state);
      if (preview) preview.textContent = answer === null ? "" : L.preview + show(parse(answer, [exercise.variable || "x"]), true);
      status.textContent = "";
      card.classList.remove("has-error");
    } catch (error) {
      if (preview) preview.textContent = "";
      status.textContent = message(error);
      card.classList.add("has-error");
    }
  }
  function wire(card) {
    var exercise = byID[card.dataset.exercise];
    if (!exercise) return;
    card.addEventListener("input", function () {
      var all = load(answersKey(), {});
      all[exercise.id] = stateOf(card);
      save(answersKey(), all);
      check(card, exercise);
    });
  }

  // ---- The answers file ----
  function downloadAnswers() {
    downloadStatus.classList.remove("error");
    if (!student) { downloadStatus.textContent = L.needStudent; downloadStatus.classList.add("error"); return; }
    var stored = load(answersKey(), {}), answers = {}, answered = 0;
    for (var i = 0; i < data.exercises.length; i++) {
      var exercise = data.exercises[i];
      try {
        answers[exercise.id] = answerOf(exercise, stored[exercise.id]);
        if (answers[exercise.id] !== null) answered++;
      } catch (error) {
        downloadStatus.textContent = label("malformed", { n: exercise.number, id: exercise.id, message: message(error) }) + " " + L.notDownloaded;
        downloadStatus.classList.add("error");
        return;
      }
    }
    var file = "answers-" + student.replace(/[^A-Za-z0-9._-]/g, "_") + ".json";
    // One answer a line, as docs/grading.md shows the file.
    var json = "{\n  \"student\": " + JSON.stringify(student) + ",\n  \"answers\": {\n" + data.exercises.map(function (e) {
      return "    " + JSON.stringify(e.id) + ": " + JSON.stringify(answers[e.id]);
    }).join(",\n") + "\n  }\n}\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    link.download = file;
    document.body.appendChild(link);
    link.click();
    link.remove();
    downloadStatus.textContent = label("downloaded", { file: file, answered: answered, total: data.exercises.length });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var cards = document.querySelectorAll("section.exercise[data-exercise]");
    if (!cards.length) return;
    buildPanel(cards[0]);
    cards.forEach(wire);
    var fromURL = new URLSearchParams(location.search).get("student");
    setStudent(validStudent(fromURL) ? fromURL : load("student", null));
  });

  window.coursegenAnswers = { variantHash: variantHash, formatNumber: formatNumber, parse: parse, show: show, answerOf: answerOf };
})();

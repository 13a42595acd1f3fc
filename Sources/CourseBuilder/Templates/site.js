// coursegen's page script: the dark-mode toggle and a link beside each section heading.
// Everything on a page reads without it.
(function () {
  "use strict";
  var root = document.documentElement;
  function isDark() {
    if (root.dataset.theme) return root.dataset.theme === "dark";
    return window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
      toggle.setAttribute("aria-pressed", String(isDark()));
      toggle.addEventListener("click", function () {
        var theme = isDark() ? "light" : "dark";
        root.dataset.theme = theme;
        toggle.setAttribute("aria-pressed", String(theme === "dark"));
        try { localStorage.setItem("coursegen-theme", theme); } catch (e) { /* file:// may forbid storage */ }
      });
    }
    var headings = document.querySelectorAll("main.chapter h2[id], main.chapter h3[id]");
    for (var i = 0; i < headings.length; i++) {
      var link = document.createElement("a");
      link.className = "heading-anchor";
      link.href = "#" + encodeURIComponent(headings[i].id);
      link.setAttribute("aria-hidden", "true");
      link.textContent = "#";
      headings[i].appendChild(link);
    }
  });
})();

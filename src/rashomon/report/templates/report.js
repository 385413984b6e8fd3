// Hover, focus or click a sentence: the claims of the same facts light up in
// every column. Click (or Enter/Space) pins the highlight; Escape clears it.
// Report text is never read into code: only data-facts ids and the title
// attribute, and those go through CSS.escape and textContent.
(function () {
  "use strict";
  var pinned = null;
  var info = document.getElementById("focus-info");
  function factIds(el) {
    return (el.getAttribute("data-facts") || "").split(/\s+/).filter(Boolean);
  }
  function clear() {
    document.querySelectorAll(".hl, .hl-src").forEach(function (el) {
      el.classList.remove("hl", "hl-src");
    });
    if (info) { info.textContent = ""; }
  }
  function show(el) {
    clear();
    el.classList.add("hl-src");
    factIds(el).forEach(function (id) {
      document.querySelectorAll('[data-facts~="' + CSS.escape(id) + '"]').forEach(function (other) {
        if (other !== el) { other.classList.add("hl"); }
      });
    });
    if (info) { info.textContent = el.getAttribute("title") || ""; }
  }
  document.querySelectorAll(".s[data-facts]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { if (!pinned) { show(el); } });
    el.addEventListener("mouseleave", function () { if (!pinned) { clear(); } });
    el.addEventListener("focus", function () { if (!pinned) { show(el); } });
    el.addEventListener("blur", function () { if (!pinned) { clear(); } });
    el.addEventListener("click", function () {
      if (pinned === el) { pinned = null; clear(); } else { pinned = el; show(el); }
    });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); el.click(); }
      if (ev.key === "Escape") { pinned = null; clear(); }
    });
  });
}());

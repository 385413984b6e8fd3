// Rashomon web UI: small progressive enhancements; every page works without it.
// Report text is never read into code: only our own data-status attributes.
(function () {
  "use strict";

  // New comparison: say that work is under way, focus an error after a failed submit.
  var form = document.querySelector("form.compare-form");
  if (form) {
    form.addEventListener("submit", function () {
      var busy = document.getElementById("busy");
      var button = form.querySelector("button[type=submit]");
      if (busy) { busy.textContent = "Comparing… this takes a few seconds."; }
      if (button) { button.setAttribute("aria-disabled", "true"); }
    });
    var error = document.getElementById("form-error");
    if (error) { error.focus(); }
  }

  // Comparison page: filter the facts list by status with real, pressable buttons.
  var filters = document.getElementById("fact-filters");
  var facts = document.getElementById("facts");
  if (!filters || !facts) { return; }
  var heading = facts.querySelector("h2");
  facts.insertBefore(filters, heading ? heading.nextSibling : facts.firstChild);
  filters.hidden = false;
  var buttons = filters.querySelectorAll("button[data-status]");
  var announce = document.getElementById("filter-status");

  function apply(status) {
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-status") === status ? "true" : "false");
    });
    var shown = 0;
    facts.querySelectorAll("h3").forEach(function (h) {
      var match = status === "all" || h.classList.contains("st-" + status);
      h.hidden = !match;
      var list = h.nextElementSibling;
      if (list && list.tagName !== "H3") {
        list.hidden = !match;
        if (match) { shown += list.querySelectorAll("li.fact").length; }
      }
    });
    if (announce) {
      announce.textContent = status === "all" ? "" : shown + " fact" + (shown === 1 ? "" : "s") + " shown";
    }
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { apply(b.getAttribute("data-status")); });
  });
}());

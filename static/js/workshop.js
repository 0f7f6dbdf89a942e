// The facilitator's keys: ← → move between statements, 0–4 and N record the consensus, M takes
// the median. Each key presses the button marked with it (data-key in the template), so nothing
// here saves by itself. Keys typed into a field (the reason) are left alone.
(function () {
  "use strict";
  // "Take the median" needs one median score (not a split room, not only N/A): the votes arrive by
  // polling (#live), so the button follows them rather than staying as the page was loaded.
  document.addEventListener("htmx:afterSettle", function () {
    var live = document.getElementById("live");
    var median = document.querySelector("#consensus-form [data-key=m]");
    if (live && median) { median.disabled = live.dataset.median === ""; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var button = null;
    document.querySelectorAll("[data-key]").forEach(function (candidate) {
      if (candidate.dataset.key === key) { button = candidate; }
    });
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });
})();

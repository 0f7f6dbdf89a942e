// The facilitator's keys: ← → move between statements, 0–4 and N record the consensus, M takes
// the median. Each key presses the button that does the same, so nothing here saves by itself.
// Keys typed into a field (the reason) are left alone.
(function () {
  "use strict";
  var keys = {
    ArrowLeft: "#go-previous",
    ArrowRight: "#go-next",
    n: '#consensus-form button[value="na"]',
    N: '#consensus-form button[value="na"]',
    m: '#consensus-form button[value="median"]',
    M: '#consensus-form button[value="median"]'
  };
  ["0", "1", "2", "3", "4"].forEach(function (value) {
    keys[value] = '#consensus-form button[value="' + value + '"]';
  });
  // "Take the median" needs a vote: the votes arrive by polling (#live), so the button follows them
  // rather than staying as the page was loaded (disabled when the statement came up unvoted).
  document.addEventListener("htmx:afterSettle", function () {
    var live = document.getElementById("live");
    var median = document.querySelector('#consensus-form button[value="median"]');
    if (live && median) { median.disabled = !(Number(live.dataset.votes) > 0); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
    var selector = keys[event.key];
    var button = selector && document.querySelector(selector);
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });
})();

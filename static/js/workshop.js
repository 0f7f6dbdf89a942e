// The workshop's keys, on the room's screen (screen.html) and in the consultant's own window
// (facilitator.html): ← → move between statements, R reveals the votes, 0–4 and N record the
// consensus and M takes the median (each asks once: Enter confirms, Esc cancels), F full screen,
// ? the keys, C the facilitator's controls on a single mirrored screen. Each key presses the
// button marked with it (data-key in the templates), so nothing here saves by itself. Keys typed
// into a field (the reason) are left alone.
(function () {
  "use strict";
  // "Take the median" needs one median score (not a split room, not only N/A): the votes arrive by
  // polling (#live), so the button follows them rather than staying as the page was loaded.
  document.addEventListener("htmx:afterSettle", function () {
    var live = document.getElementById("live");
    var median = document.querySelector("#consensus-form [data-key=m]");
    if (live && median) {
      median.disabled = live.dataset.median === "";
      var split = live.querySelector(".median-split");
      median.dataset.refusal = split ? split.textContent.trim() : "";
    }
  });

  var statusTimer = null;
  function say(message) {
    var region = document.getElementById("room-status");
    if (!region) { return; }
    region.textContent = message;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { region.textContent = ""; }, 6000);
  }

  // A refusal from the server (a split room's median, a completed scan) is said on the screen.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status < 500 && xhr.responseText && xhr.responseText.length < 400) { say(xhr.responseText); }
  });

  // Presses a key's button. A slide swapped in by a poll is bound by htmx only when it settles; a
  // key pressed before then would submit its hidden form the browser's way (a GET that reloads the
  // screen and leaves full screen), so the form is bound first (htmx skips one already bound).
  function press(button) {
    if (window.htmx && button.form) { htmx.process(button.form); }
    button.click();
  }

  // Asking once: the dialog's "Record" button has the focus, so Enter confirms; Esc cancels.
  var asked = null;
  function ask(button) {
    var dialog = document.getElementById("confirm");
    if (!dialog || !dialog.showModal) { press(button); return; }
    asked = button;
    document.getElementById("confirm-text").textContent = button.dataset.confirm;
    dialog.returnValue = "";
    dialog.showModal();
    document.getElementById("confirm-yes").focus();
  }
  document.addEventListener("close", function (event) {
    if (event.target.id !== "confirm") { return; }
    var button = asked;
    asked = null;
    if (button && event.target.returnValue === "yes") { press(button); }
  }, true);

  function toggleFullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); return; }
    var root = document.documentElement;
    if (root.requestFullscreen) { root.requestFullscreen().catch(function () {}); }
  }

  function toggleControls(button) {
    var panel = document.getElementById("controls");
    var opening = panel.hidden;
    button.setAttribute("aria-expanded", opening ? "true" : "false");
    if (!opening) {
      panel.hidden = true;
      panel.textContent = ""; // the stored note leaves the page with the panel
      return;
    }
    panel.hidden = false;
    htmx.ajax("GET", panel.dataset.src, { target: "#controls", swap: "innerHTML" });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) { return; }
    if (button.id === "fullscreen") { toggleFullscreen(); }
    if (button.id === "help-open") { document.getElementById("keys-help").showModal(); }
    if (button.id === "controls-toggle") { toggleControls(button); }
  });

  // After a consensus from the controls, they show what is stored now.
  document.addEventListener("htmx:afterRequest", function (event) {
    var panel = document.getElementById("controls");
    if (panel && !panel.hidden && event.detail.elt.id === "controls-form" && event.detail.successful) {
      htmx.ajax("GET", panel.dataset.src, { target: "#controls", swap: "innerHTML" });
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
    if (document.querySelector("dialog[open]")) { return; } // a dialog takes Enter and Esc
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var button = null;
    document.querySelectorAll("[data-key]").forEach(function (candidate) {
      if (candidate.dataset.key === key) { button = candidate; }
    });
    if (!button) { return; }
    event.preventDefault();
    if (button.disabled) {
      if (button.dataset.refusal) { say(button.dataset.refusal); }
      return;
    }
    if (button.dataset.confirm) { ask(button); return; }
    press(button);
  });
})();

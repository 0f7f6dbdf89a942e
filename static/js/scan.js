// The scan page. Autosave: each item's <fieldset> carries its htmx URL and trigger (the form the
// attributes they share); this file narrows every request to the one field that changed, saves
// a choice made with the arrow keys once it settles (one save per decision), shows
// "Saving…"/"Saved", makes a failed save visible beside the statement and at the top of the page,
// and retries it. Finding open statements: "Next unanswered", the "Only unanswered" filter and
// the skip link. The keys (0–4 and N answer and move on, J/K move, G guidance, E note, ? help).
// A static file because the Content Security Policy forbids inline code.
(function () {
  "use strict";

  var RETRY_DELAYS = [1000, 2000, 5000, 10000, 20000, 30000];
  var failing = new Map(); // field name -> {fieldset, attempts, timer}
  var pending = 0;
  var sent = new Map(); // field name -> the value last sent successfully or under way
  // Messages come from the JavaScript catalogue (/jsi18n/?lang=…), loaded before this file in the
  // scan's language; gettext() and interpolate() are its globals.
  var text = {
    saving: gettext("Saving…"),
    retrying: gettext("Not saved: trying again in %s s…"),
    offline: gettext("Not saved (no connection): trying again in %s s…"),
    unsaved: gettext("Some answers are not saved yet."),
    problems: gettext("Not saved yet (the page keeps trying where it can):"),
    answered: gettext("Saved: %s"), // the option's label: "3 Largely in place"
    allAnswered: gettext("Every statement in this area is answered."),
    checked: gettext("Checked in this scan."),
    allChecked: gettext("Every carried-over answer on this page is checked.")
  };
  var problems = new Map(); // field name -> fieldset whose last save failed

  function fieldValue(fieldset, name) {
    if (name.indexOf("confirm-") === 0) { return name.slice(8); } // the statement's code
    if (name.indexOf("value-") === 0) {
      var checked = fieldset.querySelector('input[name="' + name + '"]:checked');
      return checked ? checked.value : null;
    }
    var field = fieldset.querySelector('[name="' + name + '"]');
    return field ? field.value : null;
  }

  // What the server holds for a field, as far as this page knows: the value last sent, else the
  // one the page was loaded with.
  function lastSent(fieldset, name) {
    if (sent.has(name)) { return sent.get(name); }
    if (name.indexOf("value-") === 0) {
      var loaded = Array.prototype.filter.call(fieldset.querySelectorAll('input[name="' + name + '"]'), function (radio) {
        return radio.defaultChecked;
      })[0];
      return loaded ? loaded.value : null;
    }
    var field = fieldset.querySelector('[name="' + name + '"]');
    return field ? field.defaultValue : null;
  }

  // The token from the cookie, read when sending: after logging in again (which renews it) a
  // retry carries the new token, where the one printed in the page would be refused.
  function csrfToken() {
    var token = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return token ? decodeURIComponent(token[1]) : null;
  }

  function show(fieldset, message, kind) {
    var status = fieldset.querySelector(".save-status");
    status.textContent = message;
    status.className = "save-status" + (kind === "error" ? " text-danger fw-semibold" : " text-body-secondary");
    fieldset.classList.toggle("border-danger", kind === "error");
  }

  // Send only the field that changed: a request never carries another field's stale value.
  document.addEventListener("htmx:configRequest", function (event) {
    var fieldset = event.detail.elt;
    if (!fieldset.classList || !fieldset.classList.contains("scan-item")) { return; }
    var trigger = event.detail.triggeringEvent;
    var name = trigger && trigger.type === "cx:retry" ? trigger.detail.field : trigger && trigger.target && trigger.target.name;
    var value = name ? fieldValue(fieldset, name) : null;
    var isRetry = trigger && trigger.type === "cx:retry";
    // A choice on the scale is sent when it settles (saveChoice, as cx:retry), never by the
    // change or keyup that made it: an arrow key's change is one step, not yet a decision.
    var fromScale = !isRetry && trigger && trigger.target && trigger.target.type === "radio";
    if (fromScale || !/^(value|note|confirm)-/.test(name || "") || value === null || (!isRetry && lastSent(fieldset, name) === value)) {
      event.preventDefault(); // nothing changed (e.g. Tab into a note): no request
      return;
    }
    sent.set(name, value);
    var token = csrfToken();
    if (token) { event.detail.headers["X-CSRFToken"] = token; }
    var parameters = {};
    parameters[name.indexOf("confirm-") === 0 ? "confirm" : name] = value;
    event.detail.parameters = parameters;
    fieldset.dataset.field = name;
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var fieldset = event.detail.elt;
    if (!fieldset.classList.contains("scan-item")) { return; }
    pending += 1;
    if (!failing.has(fieldset.dataset.field)) { show(fieldset, text.saving, "info"); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var fieldset = event.detail.elt;
    if (!fieldset.classList.contains("scan-item")) { return; }
    pending = Math.max(0, pending - 1);
    var name = fieldset.dataset.field;
    var xhr = event.detail.xhr;
    var state = failing.get(name);
    if (event.detail.successful) {
      if (state) { clearTimeout(state.timer); failing.delete(name); }
      problems.delete(name);
      showProblems();
      // The server's fragment ("Saved") is already in place; drop any error styling around it.
      fieldset.querySelector(".save-status").className = "save-status";
      fieldset.classList.remove("border-danger");
      clearCarried(fieldset); // any save, or Confirm, confirms a carried-over answer
      if (toSay.has(fieldset.id) && name.indexOf("note-") !== 0) {
        say(toSay.get(fieldset.id));
        toSay.delete(fieldset.id);
      }
      focusAreaDone();
      return;
    }
    sent.delete(name);
    problems.set(name, fieldset);
    showProblems();
    var waitsForLogin = xhr && (xhr.status === 401 || xhr.status === 403);
    if (xhr && xhr.status >= 400 && xhr.status < 500 && !waitsForLogin) {
      // Refused (a bad value, a note too long, a completed scan): retrying will not help.
      if (state) { clearTimeout(state.timer); failing.delete(name); }
      show(fieldset, xhr.responseText || xhr.statusText, "error");
      return;
    }
    state = state || { attempts: 0 };
    var delay = RETRY_DELAYS[Math.min(state.attempts, RETRY_DELAYS.length - 1)];
    state.attempts += 1;
    state.fieldset = fieldset;
    clearTimeout(state.timer);
    state.timer = setTimeout(function () { htmx.trigger(fieldset, "cx:retry", { field: name }); }, delay);
    failing.set(name, state);
    var retry = interpolate((xhr && xhr.status) ? text.retrying : text.offline, [delay / 1000]);
    show(fieldset, waitsForLogin ? xhr.responseText + " " + retry : retry, "error");
  });

  // A carried-over answer's mark goes once it is confirmed or changed; the focus, if it was on
  // the Confirm button, moves to the answer. The note above the statements goes with the last.
  // Each leaves a line in its place, as tall as it was: nothing below them moves.
  function clearCarried(fieldset) {
    var mark = fieldset.querySelector(".carried");
    if (!mark) { return; }
    var hadFocus = mark.contains(document.activeElement);
    keepPlace(mark, "carried-done", text.checked);
    if (hadFocus) {
      (fieldset.querySelector("input[type=radio]:checked") || fieldset.querySelector("input[type=radio]")).focus();
    }
    var note = document.getElementById("carried-note");
    if (note && !document.querySelector("fieldset.scan-item .carried")) {
      keepPlace(note, "alert alert-success py-2", text.allChecked);
    }
  }

  function keepPlace(element, className, message) {
    var box = element.getBoundingClientRect();
    element.style.minHeight = box.height + "px";
    element.style.minWidth = box.width + "px"; // beside the scale (compact view): it stays put
    element.removeAttribute("id");
    element.className = className;
    element.textContent = message;
  }

  // Confirm sends the statement's code through autosave, as a retry sends a field again, rather
  // than submitting the whole page (what it does without JavaScript).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".carried > button");
    if (!button) { return; }
    event.preventDefault();
    htmx.trigger(button.closest("fieldset.scan-item"), "cx:retry", { field: "confirm-" + button.value });
  });

  // A workshop at the facilitator's pace replaces the statement by the next one by polling
  // (#follow): not while a save of it is under way or failing, or that save would go with it,
  // nor while a comment holds typed text not yet sent (autosave waits for a pause in typing):
  // that text is sent now. The next poll offers the next statement again once the save is through.
  function unsentNotes(container) {
    return Array.prototype.filter.call(container.querySelectorAll("textarea[name^='note-']"), function (field) {
      return field.value !== (sent.has(field.name) ? sent.get(field.name) : field.defaultValue);
    });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.elt.id !== "follow") { return; }
    var unsent = unsentNotes(event.detail.elt);
    var choices = unsettledIn(event.detail.elt);
    if (pending || failing.size || unsent.length || choices.length) {
      event.detail.shouldSwap = false;
      choices.forEach(saveChoice);
      unsent.forEach(function (field) {
        htmx.trigger(field.closest("fieldset.scan-item"), "cx:retry", { field: field.name });
      });
    }
  });

  // Failed saves, named and linked at the top of the page (a live region, so screen readers hear
  // it): the statement may be far off-screen. Rewritten only when the set of statements changes,
  // not at every retry's countdown.
  var shownProblems = "";
  function showProblems() {
    var region = document.getElementById("save-problems");
    if (!region) { return; }
    var fieldsets = [];
    problems.forEach(function (fieldset) {
      if (fieldsets.indexOf(fieldset) < 0) { fieldsets.push(fieldset); }
    });
    var key = fieldsets.map(function (fieldset) { return fieldset.id; }).join(" ");
    if (key === shownProblems) { return; }
    shownProblems = key;
    region.textContent = "";
    if (!fieldsets.length) { return; }
    var box = document.createElement("div");
    box.className = "alert alert-danger small";
    box.appendChild(document.createTextNode(text.problems));
    var list = document.createElement("ul");
    fieldsets.forEach(function (fieldset) {
      var link = document.createElement("a");
      link.className = "alert-link";
      link.href = "#" + fieldset.id;
      link.textContent = fieldset.querySelector("legend").textContent;
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    region.appendChild(box);
  }

  // --- One save per decision ----------------------------------------------------------------
  // The arrow keys move the choice along a scale one option at a time, and the browser checks
  // each option on the way: saving each step sent 33 saves for 18 answers. A choice made with the
  // arrow keys is saved when it settles: the focus leaves the scale, Enter or Space is pressed on
  // it, or the keys pause for SETTLE_MS. Any other change (a click, a tap, Space on an option) is
  // a decision and is saved at once. A choice still unsettled when the page is left or hidden is
  // sent then, by a request that outlives the page (fetch with keepalive).
  var SETTLE_MS = 700;
  var unsettled = new Map(); // field name -> {fieldset, timer}: chosen by arrow keys, not sent yet
  // The last key pressed on a scale was an arrow key: a change now is one step along it, not yet
  // a decision, and a save that ends meanwhile leaves the focus with someone still choosing. Any
  // other key, or a pointer, ends it. (Arrow keys check options and fire their change and click
  // as the keydown's default action, while this is set.)
  var arrowing = false;

  function scaleOf(element) {
    return element && element.type === "radio" ? element.closest("fieldset.scan-item[data-hx-post]") : null;
  }

  // Sends the fieldset's choice now, unless the server has it already. Anything that decides
  // (a number key, issue 26) checks the option and calls this: `radio.checked = true;
  // saveChoice(fieldset)`.
  function saveChoice(fieldset) {
    var radio = fieldset.querySelector("input[type=radio]");
    if (!radio) { return; }
    var name = radio.name;
    var state = unsettled.get(name);
    if (state) { clearTimeout(state.timer); unsettled.delete(name); }
    var value = fieldValue(fieldset, name);
    if (value === null || value === lastSent(fieldset, name)) { return; }
    sent.set(name, value); // now, not when the request leaves: it may wait behind another
    htmx.trigger(fieldset, "cx:retry", { field: name });
  }

  function unsettledIn(container) {
    var fieldsets = [];
    unsettled.forEach(function (state) {
      if (container.contains(state.fieldset)) { fieldsets.push(state.fieldset); }
    });
    return fieldsets;
  }

  // An arrow key checks the next option (and fires its change) as its keydown's default action;
  // Space checks one as its keyup's; a click after a pointerdown.
  document.addEventListener("keydown", function (event) {
    var fieldset = scaleOf(event.target);
    arrowing = !!fieldset && event.key.indexOf("Arrow") === 0;
    if (fieldset && event.key === "Enter") {
      event.preventDefault(); // this choice, now; not the whole page's form
      saveChoice(fieldset);
    }
  }, true);

  // Space on the option already chosen settles it (on another option, its change saves it).
  document.addEventListener("keyup", function (event) {
    var fieldset = scaleOf(event.target);
    if (fieldset && event.key === " ") { saveChoice(fieldset); }
  }, true);

  // A click (or a tap) on a scale decides: on an option not chosen yet its change saves it, on
  // the one chosen by the arrow keys the click does. The focus leaving the scale as the pointer
  // goes down on it (on a label) is no decision of its own.
  var pressedScale = null;
  document.addEventListener("pointerdown", function (event) {
    arrowing = false;
    pressedScale = event.target.closest ? event.target.closest("fieldset.scan-item .scale") : null;
  }, true);

  document.addEventListener("click", function (event) {
    pressedScale = null;
    var fieldset = scaleOf(event.target);
    if (fieldset && !arrowing) { saveChoice(fieldset); }
  });

  document.addEventListener("change", function (event) {
    var fieldset = scaleOf(event.target);
    if (!fieldset) { return; }
    if (!arrowing) { saveChoice(fieldset); return; }
    var state = unsettled.get(event.target.name) || { fieldset: fieldset };
    clearTimeout(state.timer);
    state.timer = setTimeout(function () { saveChoice(fieldset); }, SETTLE_MS);
    unsettled.set(event.target.name, state);
  });

  // Leaving the scale settles its choice; moving between its options does not.
  document.addEventListener("focusout", function (event) {
    var fieldset = scaleOf(event.target);
    var next = event.relatedTarget;
    var pressed = pressedScale && fieldset && fieldset.contains(pressedScale);
    if (fieldset && unsettled.has(event.target.name) && !(next && next.name === event.target.name) && !pressed) {
      saveChoice(fieldset);
    }
  });

  // The page is left or hidden (another tab, a phone's screen locked): unsettled choices go now,
  // by fetch with keepalive, which the browser completes after the page is gone. If the page
  // lives on, the answer shows as any save's; a failure takes the usual way (shown, retried).
  function flushChoices() {
    unsettled.forEach(function (state, name) {
      clearTimeout(state.timer);
      unsettled.delete(name);
      var fieldset = state.fieldset;
      var value = fieldValue(fieldset, name);
      if (value === null || value === lastSent(fieldset, name)) { return; }
      sent.set(name, value);
      var body = new URLSearchParams();
      body.set(name, value);
      var headers = { "HX-Request": "true" };
      var token = csrfToken();
      if (token) { headers["X-CSRFToken"] = token; }
      show(fieldset, text.saving, "info");
      fetch(fieldset.getAttribute("data-hx-post"), {
        method: "POST", body: body, headers: headers, credentials: "same-origin", keepalive: true
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (html) {
        var status = fieldset.querySelector(".save-status");
        htmx.swap(status, html, { swapStyle: "innerHTML" }); // with the progress it carries
        status.className = "save-status";
        clearCarried(fieldset);
      }).catch(function () {
        sent.delete(name);
        htmx.trigger(fieldset, "cx:retry", { field: name });
      });
    });
  }
  window.addEventListener("pagehide", flushChoices);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flushChoices(); }
  });

  // --- Done with the area ------------------------------------------------------------------
  // The autosave's fragment fills #area-done-now (out of band) once the area's last open
  // statement is answered: a line with the count and a button to the next area (or to complete
  // the scan). When it fills after a save, the focus moves to that button; not when the page
  // opens complete, not out of a text field, and not from someone still moving through a scale
  // with the arrow keys (still choosing: they get there with Tab, the line is announced).
  var areaDone = { shown: false, moveFocus: false };

  // A save's fragments replace the area's counts in the stepper and the progress above the
  // statements (out of band): one that comes back smaller (its last "to confirm" gone) leaves
  // them the size they had, so nothing after them moves. The step (not swapped: its counts are)
  // keeps its height itself; the progress, swapped whole, keeps its size in properties of the
  // page (app.css applies them): htmx settles a swapped element's own style back to the fragment's.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    if (target.id.indexOf("step-") === 0) {
      var step = target.closest("li");
      if (step) { step.style.minHeight = step.getBoundingClientRect().height + "px"; }
    } else if (target.id === "overall-progress") {
      var box = target.getBoundingClientRect();
      var root = document.documentElement.style;
      root.setProperty("--kept-overall-progress-height", box.height + "px");
      root.setProperty("--kept-overall-progress-width", box.width + "px");
    }
  });

  // (htmx fires this once per element the response swapped: the first tells.)
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var box = event.detail.target;
    if (!box || box.id !== "area-done-now") { return; }
    var shown = !!box.querySelector("a");
    if (shown && !areaDone.shown) { areaDone.moveFocus = true; }
    areaDone.shown = shown;
  });

  function focusAreaDone() {
    if (!areaDone.moveFocus) { return; }
    areaDone.moveFocus = false;
    var active = document.activeElement;
    var choosing = active && active.type === "radio" && arrowing;
    var typing = active && (active.tagName === "TEXTAREA" || active.tagName === "SELECT" ||
      (active.tagName === "INPUT" && active.type !== "radio" && active.type !== "checkbox"));
    if (choosing || typing || (active && active.closest && active.closest("dialog"))) { return; }
    focusDoneButton();
  }

  // --- Evidence ------------------------------------------------------------------------------
  // A statement's Evidence link opens its panel in a dialog, fetched only then. The panel's forms
  // post through htmx and get the panel back; a refused save (4xx) comes back as the panel with
  // the message and what was typed, so it is swapped in too. A failed request swaps nothing, so
  // the typed text stays; the panel says so. Without JavaScript the link opens the panel's page.
  var evidenceText = {
    loading: gettext("Loading…"),
    failed: gettext("Not saved. What you typed is still here: check that you are logged in, then try again.")
  };
  var evidenceOpener = null;

  function evidenceDialog() { return document.getElementById("evidence-dialog"); }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("fieldset.scan-item a.ev");
    var dialog = evidenceDialog();
    if (!link || !dialog || !window.htmx || !dialog.showModal) { return; }
    event.preventDefault();
    evidenceOpener = link;
    var panel = document.getElementById("evidence-panel");
    panel.textContent = evidenceText.loading;
    panel.removeAttribute("data-code");
    dialog.showModal();
    htmx.ajax("GET", link.href, { target: "#evidence-panel", swap: "outerHTML" });
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "evidence-close") { evidenceDialog().close(); }
  });

  document.addEventListener("close", function (event) {
    if (event.target.id === "evidence-dialog" && evidenceOpener) { evidenceOpener.focus(); }
  }, true);

  // Only a panel replaces the panel: a refusal (4xx) comes as one, with the message and what was
  // typed. Anything else (the login page after a redirect, a plain-text refusal, a server error)
  // leaves the panel as it is, with a message.
  function showEvidenceProblem(panel, message) {
    var status = panel.querySelector("[role=status], [role=alert]");
    if (!status) { status = panel; }
    status.className = "alert alert-danger py-2";
    status.setAttribute("role", "alert");
    status.textContent = message;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "evidence-panel") { return; }
    var xhr = event.detail.xhr;
    var isPanel = (xhr.responseText || "").indexOf('id="evidence-panel"') >= 0;
    if (isPanel && xhr.status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    event.detail.shouldSwap = false;
    var plain = /^text\/plain/.test(xhr.getResponseHeader("Content-Type") || "");
    showEvidenceProblem(target, plain && xhr.status < 500 ? xhr.responseText : evidenceText.failed);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var target = event.detail.target;
    if (target && target.id === "evidence-panel") { showEvidenceProblem(target, evidenceText.failed); }
  });

  // The statement's link says what its evidence holds now.
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("evidence-panel");
    if (!panel || !panel.dataset.code) { return; }
    var fieldset = document.getElementById("item-" + panel.dataset.code);
    var link = fieldset && fieldset.querySelector("a.ev");
    if (link) {
      link.textContent = panel.dataset.marker;
      link.classList.toggle("on", panel.hasAttribute("data-has-evidence"));
    }
  });

  // --- Finding open statements ---------------------------------------------------------------

  function items() { return Array.prototype.slice.call(document.querySelectorAll("fieldset.scan-item")); }
  // A carried-over answer still marked (not yet confirmed or changed) is not answered yet.
  function isAnswered(fieldset) {
    return !!fieldset.querySelector("input[type=radio]:checked") && !fieldset.querySelector(".carried");
  }

  // Whether the whole of an element is in view, below the sticky bar.
  function inView(element) {
    var bar = document.getElementById("scan-bar");
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    var box = element.getBoundingClientRect();
    return box.top >= top - 1 && box.bottom <= window.innerHeight;
  }

  // Put the focus on a statement's scale (its checked option, else its first: the radio group's
  // own tab stop), scrolling it to the top, below the sticky bar, only when it is not wholly in
  // view: answering statement after statement, the page stays put while the next one shows.
  function goTo(fieldset) {
    fieldset.hidden = false;
    var section = fieldset.closest("section");
    if (section) { section.hidden = false; }
    if (!inView(fieldset)) {
      fieldset.scrollIntoView({ block: "start", behavior: "instant" }); // no smooth scroll: the position counts at once
    }
    var radio = fieldset.querySelector("input[type=radio]:checked") || fieldset.querySelector("input[type=radio]");
    (radio || fieldset.querySelector("textarea")).focus({ preventScroll: true });
  }

  // Nothing left to answer here: the focus goes to the done line's button (to the next area, or
  // to complete the scan), once it is there. True if it went.
  function focusDoneButton() {
    var button = document.querySelector("#area-done-now a");
    if (button) { button.focus(); }
    return !!button;
  }

  // The statement the user is at: the one last focused (the focus moves to the button when it
  // is clicked) while it is still in view, else the first one in view.
  var lastFocused = null;
  document.addEventListener("focusin", function (event) {
    var fieldset = event.target.closest && event.target.closest("fieldset.scan-item");
    if (fieldset) { lastFocused = fieldset; }
  });
  function currentPosition(list) {
    var bar = document.getElementById("scan-bar");
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    if (lastFocused && !lastFocused.hidden) {
      var box = lastFocused.getBoundingClientRect();
      if (box.bottom > top && box.top < window.innerHeight) {
        return { index: list.indexOf(lastFocused), inclusive: false };
      }
    }
    for (var i = 0; i < list.length; i++) {
      if (!list[i].hidden && list[i].getBoundingClientRect().bottom > top) { return { index: i, inclusive: true }; }
    }
    return { index: list.length, inclusive: true };
  }

  function nextUnanswered() {
    var list = items();
    var position = currentPosition(list);
    var start = position.inclusive ? position.index : position.index + 1;
    for (var step = 0; step < list.length; step++) { // after the position, then from the top
      var fieldset = list[(start + step) % list.length];
      if (!isAnswered(fieldset)) { goTo(fieldset); return; }
    }
    if (!focusDoneButton()) { say(text.allAnswered); }
  }

  // Hides what is answered when the filter is switched on; a statement answered while filtering
  // stays until the filter is switched again, so nothing vanishes under the user's hand.
  function filterUnanswered(on) {
    items().forEach(function (fieldset) {
      fieldset.hidden = on && isAnswered(fieldset);
    });
    document.getElementById("scan-form").querySelectorAll("section").forEach(function (section) {
      section.hidden = on && !section.querySelector("fieldset.scan-item:not([hidden])");
    });
  }

  // --- Keys ----------------------------------------------------------------------------------
  // With the focus in a statement (on its scale, its guidance, its links): 0–4 and N answer it
  // through the same save as a click (one save per answer; the carried-over answer given again
  // confirms it) and move the focus on to the next open statement, or, none left, to the done
  // line's button. ↓/↑ and J/K move to the next or previous statement (←/→ stay the scale's own,
  // saved when the choice settles); G opens the guidance, E the note, Esc comes back from them.
  // ? shows every key, anywhere on the page. Keys never act in a text field (Esc aside), with
  // Ctrl, Alt or Meta held, while a dialog is open, nor on a read-only scan's disabled options.
  var ANSWER_KEYS = { "0": "0", "1": "1", "2": "2", "3": "3", "4": "4", n: "na" };
  var toSay = new Map(); // fieldset id -> what to announce once its answer is saved
  var KEYS_COOKIE = "cx_keys_line"; // "hidden": the line of keys was dismissed (the server reads it)

  // A polite live region (the scan page has one in its sticky bar, visually hidden; another
  // page that uses this file gets one). The same words again still change it, so they are
  // announced again.
  function say(message) {
    var region = document.getElementById("scan-notice");
    if (!region) { return; }
    region.textContent = region.textContent === message ? message + "\u00a0" : message;
  }

  function isTextField(element) {
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && !/^(radio|checkbox|button|submit|reset|image|range|color|file)$/.test(element.type));
  }

  function visibleItems() { return items().filter(function (fieldset) { return !fieldset.hidden; }); }

  // An option's name as it is heard: its short label ("3") and the meaning app.css shows after
  // it (" Largely in place", a CSS string from scan_html.scale_style).
  function optionName(fieldset, radio) {
    var label = fieldset.querySelector("label[for='" + radio.id + "']");
    if (!label) { return radio.value; }
    var after = window.getComputedStyle(label, "::after").content;
    var meaning = /^".*"$/.test(after) ? after.slice(1, -1).replace(/\\(.)/g, "$1") : "";
    return label.textContent + meaning;
  }

  function answerByKey(fieldset, value) {
    var radio = fieldset.querySelector("input[type=radio][value='" + value + "']");
    if (!radio || radio.disabled || !fieldset.hasAttribute("data-hx-post")) { return; }
    var message = interpolate(text.answered, [optionName(fieldset, radio)]);
    radio.checked = true;
    var saved = lastSent(fieldset, radio.name) === value;
    var confirm = saved && fieldset.querySelector(".carried > button");
    if (confirm) {
      toSay.set(fieldset.id, message);
      htmx.trigger(fieldset, "cx:retry", { field: "confirm-" + confirm.value });
    } else if (saved) {
      say(message);
    } else {
      toSay.set(fieldset.id, message);
    }
    saveChoice(fieldset); // sends it unless the server has it; ends a choice being made by arrows
    radio.focus({ preventScroll: true });
    var list = items();
    var index = list.indexOf(fieldset);
    for (var step = 1; step < list.length; step++) { // after this one, then from the top
      var next = list[(index + step) % list.length];
      if (!isAnswered(next)) { goTo(next); return; }
    }
    // None open: the done line's button, if the line is there already; if this answer completes
    // the area, the save's reply brings the line and focusAreaDone moves the focus to it.
    if (areaDone.shown) { focusDoneButton(); }
  }

  function move(fieldset, by) {
    var list = visibleItems();
    if (!fieldset) { // from outside the statements: to the one in view
      var position = currentPosition(list);
      fieldset = list[Math.min(position.index, list.length - 1)];
      by = 0;
    }
    var target = list[list.indexOf(fieldset) + by];
    if (target) { goTo(target); }
  }

  // G and E open what they show (remembered, so that Esc closes it again) and focus it.
  function openByKey(details) {
    if (details && !details.open) {
      details.open = true;
      details.setAttribute("data-by-key", "");
    }
  }

  function backToScale(fieldset, target) {
    var opened = target.closest("details[data-by-key]");
    var radio = fieldset.querySelector("input[type=radio]:checked") || fieldset.querySelector("input[type=radio]");
    if (radio && !radio.disabled) { radio.focus(); }
    if (opened) {
      opened.open = false;
      opened.removeAttribute("data-by-key");
    }
  }

  var helpOpener = null;
  function showHelp() {
    var dialog = document.getElementById("scan-keys");
    if (!dialog || !dialog.showModal) { return false; }
    helpOpener = document.activeElement;
    dialog.showModal();
    return true;
  }

  function handleKey(event, fieldset) {
    var target = event.target;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "Escape") {
      if (!fieldset || !(isTextField(target) || target.closest("details.guidance, details.note"))) { return false; }
      backToScale(fieldset, target);
      return true;
    }
    if (isTextField(target)) { return false; }
    if (key === "?") { return showHelp(); }
    if (key === "j" || key === "k") { move(fieldset, key === "j" ? 1 : -1); return true; }
    if (!fieldset) { return false; }
    if (Object.prototype.hasOwnProperty.call(ANSWER_KEYS, key)) {
      if (!event.repeat) { answerByKey(fieldset, ANSWER_KEYS[key]); } // a key held down: one answer
      return true;
    }
    if (key === "ArrowDown" || key === "ArrowUp") { move(fieldset, key === "ArrowDown" ? 1 : -1); return true; }
    if (key === "g") {
      var guidance = fieldset.querySelector("details.guidance");
      if (!guidance) { return false; }
      openByKey(guidance);
      guidance.querySelector("summary").focus();
      return true;
    }
    if (key === "e") {
      var note = fieldset.querySelector("textarea");
      if (!note) { return false; }
      openByKey(fieldset.querySelector("details.note"));
      note.focus();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || event.defaultPrevented) { return; }
    var target = event.target;
    if (!target.closest || target.closest("dialog")) { return; } // a dialog keeps its keys (Esc closes it)
    if (handleKey(event, target.closest("fieldset.scan-item"))) { event.preventDefault(); }
  });

  // The line of keys: "?" opens the help; its close button hides it for good (a cookie, so the
  // server leaves it out next time and nothing moves as the page loads); the help shows it again.
  // A choice of layout the server reads to draw the next page as it will stay: a cookie for a
  // year (null: forgotten).
  function remember(name, value) {
    document.cookie = name + "=" + (value === null ? "; max-age=0" : value + "; max-age=31536000") +
      "; path=/; samesite=lax" + (location.protocol === "https:" ? "; secure" : "");
  }

  function keysLine(show) {
    var line = document.getElementById("keys-line");
    var again = document.getElementById("keys-line-show");
    remember(KEYS_COOKIE, show ? null : "hidden");
    if (line) { line.hidden = !show; }
    if (again) { again.hidden = show; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) { return; }
    if (button.id === "keys-open") { showHelp(); }
    if (button.id === "keys-line-close") {
      keysLine(false);
      var first = visibleItems()[0];
      if (first) { goTo(first); } // the button is gone: on to where the keys act
    }
    if (button.id === "keys-line-show") {
      keysLine(true);
      document.getElementById("scan-keys").close();
    }
  });

  document.addEventListener("close", function (event) {
    if (event.target.id === "scan-keys" && helpOpener && helpOpener.isConnected) { helpOpener.focus(); }
  }, true);

  // The Tips button (laptop width and up) folds the tips beside the statements away, so that
  // the statements take the width, and unfolds them; the server renders the next page as it was
  // left (nothing moves while it loads).
  function tipsToggle() {
    var button = document.getElementById("tips-toggle");
    var layout = document.getElementById("scan-layout");
    if (!button || !layout) { return; }
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      var hidden = layout.classList.toggle("tips-hidden");
      button.setAttribute("aria-expanded", hidden ? "false" : "true");
      remember("scan_tips", hidden ? "hidden" : "shown");
    });
  }

  function setUp() {
    tipsToggle();
    areaDone.shown = !!document.querySelector("#area-done-now a");
    if (!document.getElementById("scan-notice") && items().length) {
      var region = document.createElement("p");
      region.id = "scan-notice";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    var tools = document.getElementById("scan-tools");
    if (tools) {
      tools.hidden = false;
      document.getElementById("next-unanswered").addEventListener("click", nextUnanswered);
      document.getElementById("only-unanswered").addEventListener("change", function (event) {
        filterUnanswered(event.target.checked);
      });
    }
    // The skip link and the links to unsaved statements: to the statement's scale, not only
    // its position. The skip link goes to the first statement that is open now.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#item-']");
      if (!link) { return; }
      var fieldset = document.getElementById(link.getAttribute("href").slice(1));
      if (link.id === "skip-unanswered") {
        fieldset = items().filter(function (item) { return !isAnswered(item); })[0] || fieldset;
      }
      if (fieldset) { event.preventDefault(); goTo(fieldset); }
    });
    // What the browser scrolls to stops below the sticky bar, whatever its height, and below the
    // notes that lie over the page under it (a failed save).
    var bar = document.getElementById("scan-bar");
    var notes = bar && bar.querySelector(".scan-bar-notes");
    if (bar && window.ResizeObserver) {
      var observer = new ResizeObserver(function () {
        var height = bar.offsetHeight + (notes ? notes.offsetHeight : 0);
        document.documentElement.style.setProperty("--scan-bar", height + "px");
      });
      observer.observe(bar);
      if (notes) { observer.observe(notes); }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }

  // A connection that comes back retries at once.
  window.addEventListener("online", function () {
    failing.forEach(function (state, name) {
      clearTimeout(state.timer);
      htmx.trigger(state.fieldset, "cx:retry", { field: name });
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (failing.size || pending) {
      event.preventDefault();
      event.returnValue = text.unsaved;
      return text.unsaved;
    }
  });
})();

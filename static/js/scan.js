// Autosave for the scan page. Each item's <fieldset> carries the htmx attributes (hx-post to the
// item's autosave URL, triggered by change/keyup); this file narrows every request to the one
// field that changed, shows "Saving…"/"Saved", and makes a failed save visible and retries it.
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
    unsaved: gettext("Some answers are not saved yet.")
  };

  function fieldValue(fieldset, name) {
    if (name.indexOf("value-") === 0) {
      var checked = fieldset.querySelector('input[name="' + name + '"]:checked');
      return checked ? checked.value : null;
    }
    var field = fieldset.querySelector('[name="' + name + '"]');
    return field ? field.value : null;
  }

  function show(fieldset, message, kind) {
    var status = fieldset.querySelector(".save-status");
    status.textContent = message;
    status.className = "save-status small mt-1" + (kind === "error" ? " text-danger fw-semibold" : " text-body-secondary");
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
    if (!/^(value|note)-/.test(name || "") || value === null || (!isRetry && sent.get(name) === value)) {
      event.preventDefault(); // nothing changed (e.g. Tab into a note): no request
      return;
    }
    sent.set(name, value);
    // The token from the cookie, read now: after logging in again (which renews it) a retry
    // carries the new token, where the one printed in the page would be refused.
    var token = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (token) { event.detail.headers["X-CSRFToken"] = decodeURIComponent(token[1]); }
    var parameters = {};
    parameters[name] = value;
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
      // The server's fragment ("Saved") is already in place; drop any error styling around it.
      fieldset.querySelector(".save-status").className = "save-status small mt-1";
      fieldset.classList.remove("border-danger");
      return;
    }
    sent.delete(name);
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

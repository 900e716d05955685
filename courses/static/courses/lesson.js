// Study-time heartbeat. While this lesson page is visible (Page Visibility API) it tells the server
// every few seconds that the learner is here; the server alone credits the time, by its own clock,
// to one lesson at a time. Hiding the page sends a last beat and stops; showing it starts again.
// The text below the lesson shows what the server answered. The minute counts change quietly (not
// a live region); a separate live region announces once, when the minimum time is reached.
(function () {
  "use strict";
  var timer = document.querySelector("[data-beat-url]");
  if (!timer || !window.fetch) { return; }
  var url = timer.getAttribute("data-beat-url");
  var interval = Math.max(1, parseInt(timer.getAttribute("data-interval"), 10) || 30) * 1000;
  var tokenInput = timer.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var handle = null;
  var announced = false;

  function show(state) {
    if (!state || typeof state.remaining_seconds !== "number") { return; }
    var help = document.getElementById("remaining-help");
    if (!help) { return; }
    if (state.remaining_seconds <= 0) {
      if (!announced) {
        announced = true;
        help.textContent = timer.getAttribute("data-done-text");
        var announce = document.querySelector("[data-remaining-announce]");
        if (announce) { announce.textContent = timer.getAttribute("data-done-text"); }
      }
      return;
    }
    var active = help.querySelector("[data-active-minutes]");
    var remaining = help.querySelector("[data-remaining-minutes]");
    if (active && String(state.active_minutes) !== active.textContent) {
      active.textContent = String(state.active_minutes);
    }
    if (remaining && String(state.remaining_minutes) !== remaining.textContent) {
      remaining.textContent = String(state.remaining_minutes);
    }
  }

  function beat(keepalive) {
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(show).catch(function () { /* offline: the next beat tries again */ });
  }

  function start() {
    if (handle !== null) { return; }
    beat(false);
    handle = window.setInterval(function () { beat(false); }, interval);
  }

  function stop() {
    if (handle === null) { return; }
    window.clearInterval(handle);
    handle = null;
    beat(true); // credit the time up to now; the page may be closing
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { start(); } else { stop(); }
  });
  window.addEventListener("pagehide", stop);
  if (document.visibilityState === "visible") { start(); }
})();

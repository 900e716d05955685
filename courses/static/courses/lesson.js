// Shows the remaining minimum study time ticking down. The server alone decides (it keeps the start
// time); this only saves a learner a refused click. The minute count changes quietly (it is not
// in a live region); a separate live region announces once, when the time is up.
(function () {
  var help = document.querySelector("[data-remaining-seconds]");
  if (!help) { return; }
  var deadline = Date.now() + parseInt(help.getAttribute("data-remaining-seconds"), 10) * 1000;
  var minutes = help.querySelector("[data-remaining-minutes]");
  var timer = window.setInterval(function () {
    var left = Math.ceil((deadline - Date.now()) / 60000);
    if (left <= 0) {
      window.clearInterval(timer);
      help.textContent = help.getAttribute("data-done-text");
      var announce = document.querySelector("[data-remaining-announce]");
      if (announce) { announce.textContent = help.getAttribute("data-done-text"); }
    } else if (minutes && String(left) !== minutes.textContent) {
      minutes.textContent = String(left);
    }
  }, 15000);
})();

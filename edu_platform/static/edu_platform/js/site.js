// Site-wide progressive enhancement. Every page works without this file.
(function () {
  "use strict";
  // Copy buttons: <button data-copy-target="id"> copies the text of that element.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) return;
    navigator.clipboard.writeText(target.textContent.trim()).then(function () {
      var done = button.getAttribute("data-copied-label");
      if (done) button.textContent = done;
    });
  });
})();

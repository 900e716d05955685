// Show the real-name fields only when "实名举报" is chosen; without script they stay visible.
(function () {
  "use strict";
  var block = document.getElementById("identity-fields");
  var radios = document.querySelectorAll("input[name=anonymous]");
  if (!block || !radios.length) return;
  function sync() {
    var checked = document.querySelector("input[name=anonymous]:checked");
    block.hidden = !!checked && checked.value === "1";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", sync); });
  sync();
})();

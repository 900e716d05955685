// Polls the import's status while it runs; the page works without this (meta refresh in <noscript>).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.running !== "1") return;
  var bar = box.querySelector("progress");
  var status = box.querySelector("[data-role=status]");
  var count = box.querySelector("[data-role=count]");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        if (count) { count.textContent = count.dataset.template.replace("{done}", data.processed).replace("{total}", data.total); }
        if (!data.running) { window.location.reload(); return; }
        if (status) { status.textContent = data.status_label; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

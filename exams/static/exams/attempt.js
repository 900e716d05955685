/* Mock exam: countdown from the server's remaining time, and autosave of each answer as it changes.
 * Without this script the page still works: every button is a normal form post that saves. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Messages come translated from the page (data-t-* on this script tag); the Chinese is the fallback.
  var strings = (document.currentScript && document.currentScript.dataset) || {};
  function t(key, fallback, values) {
    var text = strings[key] || fallback;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  var timer = document.querySelector("[data-timer]");
  if (timer) {
    var countdown = timer.querySelector("[data-countdown]");
    var announce = document.querySelector("[data-timer-announce]");
    var endsAt = Date.now() + parseInt(timer.getAttribute("data-remaining"), 10) * 1000;
    var announced = {};
    var tick = function () {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      countdown.textContent = (h ? h + ":" : "") + pad(m) + ":" + pad(s);
      if (left <= 300) { timer.classList.add("is-low"); }
      [600, 300, 60].forEach(function (mark) {
        if (left <= mark && left > mark - 5 && !announced[mark] && announce) {
          announced[mark] = true;
          announce.textContent = t("tMinutesLeft", "距离考试结束还有 {minutes} 分钟。", { minutes: Math.round(mark / 60) });
        }
      });
      if (left === 0) {
        if (announce) { announce.textContent = t("tTimeUp", "考试时间到，系统已自动交卷，正在打开成绩页。"); }
        window.clearInterval(handle);
        window.setTimeout(function () { window.location.href = timer.getAttribute("data-result-url"); }, 1500);
      }
    };
    var handle = window.setInterval(tick, 1000);
    tick();
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-save-status]");
  var position = form.getAttribute("data-position");
  var pending = null;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function updateNavigator(data) {
    var button = form.querySelector('[data-nav-position="' + position + '"]');
    if (!button) { return; }
    button.classList.toggle("is-answered", data.answered);
    button.classList.toggle("is-flagged", data.flagged);
    var state = button.querySelector("[data-nav-state]");
    if (state) { state.textContent = (data.answered ? t("tAnswered", "，已答") : t("tUnanswered", "，未答")) + (data.flagged ? t("tFlagged", "，已标记") : ""); }
    var count = document.querySelector("[data-answered-count]");
    if (count) { count.textContent = form.querySelectorAll(".nav-q.is-answered:not([aria-hidden])").length; }
  }

  function save() {
    var body = new FormData(form);
    body.delete("go");
    say(t("tSaving", "正在保存…"));
    pending = fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    }).then(function (result) {
      if (result.ok && result.data.saved) {
        var now = new Date();
        say(t("tSaved", "已保存（{time}）", { time: pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds()) }));
        updateNavigator(result.data);
      } else {
        say(result.data.error || t("tNotSaved", "答案未保存，请重试。"), true);
        if (result.data.closed && result.data.result_url) {
          window.setTimeout(function () { window.location.href = result.data.result_url; }, 2500);
        }
      }
    }).catch(function () {
      say(t("tOffline", "网络异常，本题答案暂未保存。请检查网络后重新选择，或点击“保存并下一题”。"), true);
    }).then(function () { pending = null; });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "answer" || event.target.name === "flagged") { save(); }
  });

  // A button press right after a change waits for that autosave, so the two never cross.
  form.addEventListener("submit", function (event) {
    if (pending) {
      event.preventDefault();
      var submitter = event.submitter;
      pending.then(function () {
        if (submitter) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = submitter.name; hidden.value = submitter.value;
          form.appendChild(hidden);
        }
        form.submit();
      });
    }
  });
})();

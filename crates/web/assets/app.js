// tpmprep's small script: countdowns. Everything else is htmx and plain forms.
(function () {
  "use strict";
  function fmt(s) {
    s = Math.max(0, Math.floor(s));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (m < 10 ? "0" : "") + m, ss = (r < 10 ? "0" : "") + r;
    return h > 0 ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }
  // <span class="timer" data-countdown="SECONDS"> counts down; data-countup counts up. Both restart
  // when htmx swaps new content in.
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown],[data-countup]").forEach(function (el) {
      if (!el.dataset.start) { el.dataset.start = String(now); }
      var elapsed = (now - Number(el.dataset.start)) / 1000;
      if (el.dataset.countdown !== undefined) {
        var left = Number(el.dataset.countdown) - elapsed;
        el.textContent = left > 0 ? fmt(left) + " left" : "time is up";
        el.classList.toggle("low", left > 0 && left < 120);
        el.classList.toggle("out", left <= 0);
      } else {
        el.textContent = fmt(Number(el.dataset.countup) + elapsed);
      }
      var field = el.dataset.elapsedField && document.getElementById(el.dataset.elapsedField);
      if (field) { field.value = String(Math.floor(Number(el.dataset.countup || 0) + elapsed)); }
    });
  }
  setInterval(tick, 500);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();

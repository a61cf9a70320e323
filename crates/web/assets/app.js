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

// Autosave forms (data-autosave, saved by htmx on a pause in typing) are also saved when the tab is
// hidden or closed, so a closed tab loses nothing typed since the last pause.
(function () {
  "use strict";
  var dirty = new WeakSet();
  document.addEventListener("input", function (e) {
    var f = e.target.closest && e.target.closest("form[data-autosave]");
    if (f) { dirty.add(f); }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var f = e.detail && e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("form[data-autosave]");
    if (f && e.detail.successful) { dirty.delete(f); }
  });
  function flush() {
    document.querySelectorAll("form[data-autosave]").forEach(function (f) {
      if (!dirty.has(f)) { return; }
      dirty.delete(f);
      var url = f.getAttribute("hx-put");
      if (!url) { return; }
      fetch(url, {
        method: "PUT",
        keepalive: true,
        headers: {
          "x-csrf-token": document.body.dataset.csrf,
          "content-type": "application/x-www-form-urlencoded"
        },
        body: new URLSearchParams(new FormData(f)).toString()
      }).then(function (r) { return r.text(); }).then(function (t) {
        var m = t.match(/id="base_rev"[^>]*value="(\d+)"/);
        var rev = document.getElementById("base_rev");
        if (m && rev) { rev.value = m[1]; }
        var status = document.getElementById("save-status");
        if (status) { status.innerHTML = t.replace(/<input[^>]*>/, ""); }
      }).catch(function () { dirty.add(f); });
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  window.addEventListener("pagehide", flush);
})();

// <input type=file data-fill="ID">: read the chosen file into the textarea ID (nothing is uploaded
// until the form is sent).
document.addEventListener("change", function (e) {
  var input = e.target;
  if (!input.matches || !input.matches("input[type=file][data-fill]") || !input.files.length) { return; }
  var target = document.getElementById(input.dataset.fill);
  var file = input.files[0];
  var format = document.getElementById("i-format");
  if (format && /\.json$/i.test(file.name)) { format.value = "json"; }
  file.text().then(function (t) { if (target) { target.value = t; } });
});

// Ctrl+Enter (⌘+Enter) in a form marked data-ctrl-enter sends it, as its submit button would. (Here,
// not as an htmx trigger filter: those are evaluated code, which the Content-Security-Policy forbids.)
document.addEventListener("keydown", function (e) {
  if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || !e.target.closest) { return; }
  var form = e.target.closest("form[data-ctrl-enter]");
  if (!form) { return; }
  e.preventDefault();
  form.requestSubmit();
});

// An error answer htmx cannot show where it was aimed goes to #flash (bottom of the screen, until
// clicked): a 5xx or another refusal htmx does not swap (the page would otherwise stay silent), an
// answer without the part the element's hx-select takes (swapping it would remove the form and the
// text typed in it), or no answer at all.
(function () {
  "use strict";
  function flash(html) {
    var box = document.getElementById("flash");
    if (!box) { return; }
    box.innerHTML = html;
    box.hidden = false;
  }
  function fragment(xhr) {
    var t = (xhr && xhr.responseText) || "";
    // The server words every error for htmx as one <span class="error">; anything else is not shown.
    return /^<span class="error"/.test(t) ? t : "<span class=\"error\">The server refused this (" +
      (xhr ? xhr.status : "no answer") + ").</span>";
  }
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (!d.shouldSwap || d.xhr.status < 400) { return; }
    var elt = d.requestConfig && d.requestConfig.elt;
    var holder = elt && elt.closest && elt.closest("[hx-select]");
    var select = holder && holder.getAttribute("hx-select");
    if (!select) { return; }
    var doc = new DOMParser().parseFromString(d.serverResponse || "", "text/html");
    if (!doc.querySelector(select)) {
      d.shouldSwap = false;
      flash(fragment(d.xhr));
    }
  });
  document.addEventListener("htmx:responseError", function (e) {
    flash(fragment(e.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    flash("<span class=\"error\">The server did not answer: is tpmprep still running?</span>");
  });
  document.addEventListener("click", function (e) {
    var box = e.target.closest && e.target.closest("#flash");
    if (box) { box.hidden = true; }
  });
})();

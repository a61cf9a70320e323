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

// Stale saves in the story editor. When another window saved the story since this page loaded, the
// server merges the two edits field by field; its answer carries (in a hidden `.merge-data` span in
// the save status) the merged field values, which are put into the form so the next autosave builds
// on them, and, when both changed the same text differently, both versions. Each conflict is shown
// with "Keep mine" / "Use theirs"; until all are settled the form keeps its old base revision, so
// no autosave can overwrite the other window's text.
(function () {
  "use strict";
  function setField(form, name, value) {
    if (name === "principles" || name === "artifacts") {
      form.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
        box.checked = value.indexOf(box.value) !== -1;
      });
      return;
    }
    if (name === "metrics") {
      var keys = ["measures", "value", "unit", "before", "after"];
      for (var i = 0; ; i++) {
        var any = form.elements["metric_measures_" + i];
        if (!any) {
          if (i >= value.length) { break; }
          // Not enough rows: copy the last one, renumbered.
          var last = form.elements["metric_measures_" + (i - 1)];
          var row = last && last.closest(".row");
          if (!row) { break; }
          var copy = row.cloneNode(true);
          copy.querySelectorAll("[name],[id],[for]").forEach(function (el) {
            ["name", "id", "for"].forEach(function (a) {
              var v = el.getAttribute(a);
              if (v) { el.setAttribute(a, v.replace(/\d+$/, String(i))); }
            });
          });
          row.parentNode.insertBefore(copy, row.nextSibling);
        }
        keys.forEach(function (k) {
          var el = form.elements["metric_" + k + "_" + i];
          if (el) { el.value = i < value.length ? value[i][k] : ""; }
        });
      }
      return;
    }
    var el = form.elements[name];
    if (el && el.value !== value) { el.value = value; }
  }

  function panelOf(form) {
    var panel = document.getElementById("merge-panel");
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "merge-panel";
      panel.className = "merge-panel";
      panel.setAttribute("role", "region");
      panel.setAttribute("aria-label", "Changes from another window");
      var status = document.getElementById("save-status");
      status.parentNode.insertBefore(panel, status.nextSibling);
    }
    return panel;
  }

  function showConflicts(form, data) {
    var panel = panelOf(form);
    panel.textContent = "";
    var left = data.conflicts.length;
    var intro = document.createElement("p");
    intro.textContent = "Revision " + data.theirs + " was saved in another window and changed the same text. " +
      "Nothing is lost: choose for each field.";
    panel.appendChild(intro);
    data.conflicts.forEach(function (c) {
      var box = document.createElement("div");
      box.className = "merge-conflict";
      box.dataset.field = c.field;
      var h = document.createElement("h3");
      h.textContent = c.label.charAt(0).toUpperCase() + c.label.slice(1);
      box.appendChild(h);
      var versions = document.createElement("div");
      versions.className = "versions";
      [["Yours (in the form)", c.mine, "mine"], ["Revision " + data.theirs + " (the other window)", c.theirs, "theirs"]].forEach(function (v) {
        var col = document.createElement("div");
        var label = document.createElement("p");
        label.className = "muted";
        label.textContent = v[0];
        var pre = document.createElement("pre");
        pre.className = "merge-" + v[2];
        pre.textContent = v[1] || "(empty)";
        col.appendChild(label);
        col.appendChild(pre);
        versions.appendChild(col);
      });
      box.appendChild(versions);
      [["Keep mine", "mine"], ["Use theirs", "theirs"]].forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = b[1] === "mine" ? "secondary" : "";
        button.textContent = b[0];
        button.dataset.take = b[1];
        button.addEventListener("click", function () {
          if (b[1] === "theirs") { setField(form, c.field, c.theirs); }
          box.remove();
          left -= 1;
          if (left === 0) {
            // Everything settled: build on their revision and save what the form now holds.
            panel.remove();
            document.getElementById("base_rev").value = String(data.theirs);
            if (window.htmx) { window.htmx.trigger(form, "submit"); }
          }
        });
        box.appendChild(button);
        box.appendChild(document.createTextNode(" "));
      });
      panel.appendChild(box);
    });
  }

  function handle(status) {
    var span = status && status.querySelector(".merge-data");
    var form = document.getElementById("story-form");
    if (!span || !form) { return; }
    var data;
    try { data = JSON.parse(span.dataset.merge); } catch (e) { return; }
    span.remove();
    Object.keys(data.fields).forEach(function (name) {
      // A field in conflict keeps what the user typed until they choose.
      if (data.conflicts.some(function (c) { return c.field === name; })) { return; }
      setField(form, name, data.fields[name]);
    });
    if (data.conflicts.length) {
      showConflicts(form, data);
    } else {
      var panel = document.getElementById("merge-panel");
      if (panel) { panel.remove(); }
    }
  }

  document.addEventListener("htmx:afterSwap", function () {
    handle(document.getElementById("save-status"));
  });
})();

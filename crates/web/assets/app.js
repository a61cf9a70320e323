// tpmprep's small script: countdowns and the mock's time limit, autosave that never hides a refusal
// (with a copy of unsaved text kept in this browser), the new-story editor, the critique bar on
// narrow screens and table labels for the card layout. Everything else is htmx and plain forms.
// No inline script anywhere: the pages load this file only.

// ---- Countdowns, and the mock's "time is up" ----------------------------------------------------
(function () {
  "use strict";
  function fmt(s) {
    s = Math.max(0, Math.floor(s));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (m < 10 ? "0" : "") + m, ss = (r < 10 ? "0" : "") + r;
    return h > 0 ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }
  // An interviewer ends the interview when its time is up: the answer being typed is sent as it
  // stands (the server saves it and moves on to the next interview), and the page says so.
  function timeUp(el) {
    if (el.dataset.timeUpDone) { return; }
    el.dataset.timeUpDone = "1";
    var form = el.dataset.timeUpForm && document.getElementById(el.dataset.timeUpForm);
    var note = document.getElementById("time-up");
    if (note) {
      note.hidden = false;
      note.textContent = "Time is up for this interview. Your answer is being sent as it stands; " +
        "the interviewer moves on.";
    }
    if (!form) { return; }
    var flag = form.querySelector("input[name=time_up]");
    if (flag) { flag.value = "1"; }
    if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.requestSubmit(); }
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
        if (left <= 0 && el.dataset.timeUpForm) { timeUp(el); }
        // A design phase's time up is said once; the candidate may carry on in it.
        var note = left <= 0 && el.dataset.timeUpNote && document.getElementById(el.dataset.timeUpNote);
        if (note && note.hidden) { note.hidden = false; }
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

// ---- The mock's clock ---------------------------------------------------------------------------
// The time spent on a prompt is the server's to keep, typed or not: every 10 s while the page is
// shown, and when it is hidden or left (a reload, the Pause link, a closed tab), the running mock's
// page sends the question timer's seconds alone (`elapsed` and `at`, no `text`, so the saved draft's
// text is left as it is). A reload then loses at most those few seconds. The server never moves the
// count back, and ignores a clock sent for a prompt already answered (`at`).
(function () {
  "use strict";
  var EVERY_MS = 10000;
  function sendClock(leaving) {
    var form = document.getElementById("answer-form");
    var box = form && form.querySelector("textarea[hx-post]");
    var elapsed = document.getElementById("elapsed");
    var at = form && form.querySelector("input[name=at]");
    if (!box || !elapsed || !at || !document.body.dataset.csrf) { return; }
    var body = new URLSearchParams();
    body.append("elapsed", elapsed.value);
    body.append("at", at.value);
    fetch(box.getAttribute("hx-post"), {
      method: "POST",
      keepalive: !!leaving,
      headers: {
        "x-csrf-token": document.body.dataset.csrf,
        "content-type": "application/x-www-form-urlencoded",
        "hx-request": "true"
      },
      body: body.toString()
    }).catch(function () { /* the next tick tries again */ });
  }
  setInterval(function () {
    if (document.visibilityState !== "hidden") { sendClock(false); }
  }, EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { sendClock(true); }
  });
  window.addEventListener("pagehide", function () { sendClock(true); });
})();

// ---- The design session's clock ---------------------------------------------------------------
// <div id="clock-state" data-design-clock="URL"> holds the current phase and the seconds counted in
// it (kept current by its data-countup timer). Every 10 s while the page is visible, and when it is
// hidden or left, the count is sent (`action=tick`); the server never moves it back, and ignores a
// count for a phase that is no longer the current one.
(function () {
  "use strict";
  var EVERY_MS = 10000;
  function send(leaving) {
    var box = document.getElementById("clock-state");
    if (!box || !box.dataset.designClock || !document.body.dataset.csrf) { return; }
    var body = new URLSearchParams();
    body.append("action", "tick");
    box.querySelectorAll("input").forEach(function (x) { body.append(x.name, x.value); });
    fetch(box.dataset.designClock, {
      method: "POST",
      keepalive: !!leaving,
      headers: {
        "x-csrf-token": document.body.dataset.csrf,
        "content-type": "application/x-www-form-urlencoded",
        "hx-request": "true"
      },
      body: body.toString()
    }).catch(function () { /* the next tick tries again */ });
  }
  setInterval(function () {
    if (document.visibilityState !== "hidden") { send(false); }
  }, EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { send(true); }
  });
  window.addEventListener("pagehide", function () { send(true); });
})();

// ---- Autosave ---------------------------------------------------------------------------------
// An element with data-autosave="STATUS-ID" (the story form, the mock's answer box) is saved by htmx
// on a pause in typing. This part makes sure no text is ever silently lost:
//  * what is typed is copied at once to this browser's localStorage (key: data-draft plus the base
//    revision), and the copy is dropped only when the server has accepted that very text;
//  * a refusal (4xx, e.g. "Not saved: a story needs a title") or a failure (5xx, no answer) stays on
//    the status line, marked unsaved, until a later save is accepted;
//  * opening the page again with a copy the server never accepted offers it back (restore/discard);
//  * a form for something not created yet (data-draft-new: the new-story editor) keeps each page's
//    copy apart, so a story begun and abandoned on one page is offered on the next new-story page as
//    that story, and never follows onto the story another page goes on to create;
//  * hiding or closing the tab sends what is unsaved (keepalive), and leaving with text the server
//    refused, or would refuse, asks first (beforeunload).
(function () {
  "use strict";
  var PREFIX = "tpmprep:draft:";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  var units = new Map(); // element -> state
  // This page's own mark, for the copies of a form whose thing is not created yet.
  var PAGE = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function formOf(el) { return el.tagName === "FORM" ? el : el.closest("form"); }
  function statusOf(el) { return document.getElementById(el.dataset.autosave); }
  function baseOf(el) {
    var f = formOf(el);
    var rev = f && f.querySelector("input[name=base_rev]");
    return rev ? rev.value : "";
  }
  function keyOf(el) {
    return PREFIX + el.dataset.draft + "@" + baseOf(el) + (el.dataset.draftNew !== undefined ? "~" + PAGE : "");
  }
  // The fields a unit saves, as a query string (hidden bookkeeping fields left out).
  function values(el) {
    var f = formOf(el);
    if (!f) { return ""; }
    var p = new URLSearchParams();
    Array.prototype.forEach.call(f.elements, function (x) {
      if (!x.name || x.type === "hidden" || x.disabled || x.type === "submit" || x.type === "button") { return; }
      if (el !== f && x !== el) { return; } // a single autosaved field (the answer box) saves itself
      if ((x.type === "checkbox" || x.type === "radio") && !x.checked) { return; }
      p.append(x.name, x.value);
    });
    return p.toString();
  }
  function state(el) {
    var st = units.get(el);
    if (!st) {
      st = { gen: 0, sentGen: -1, sentKey: null, dirty: false, problem: null, inFlight: false, timer: 0 };
      units.set(el, st);
    }
    return st;
  }
  function unitFor(target) {
    var u = target.closest && target.closest("[data-autosave]");
    return u && units.has(u) ? u : null;
  }

  function writeCopy(el) {
    var s = store();
    if (!s || !el.dataset.draft) { return; }
    try {
      s.setItem(keyOf(el), JSON.stringify({ v: values(el), base: baseOf(el), at: Date.now() }));
    } catch (e) { /* full or forbidden: the server copy is all there is */ }
  }
  function dropCopy(key) {
    var s = store();
    if (s && key) { try { s.removeItem(key); } catch (e) { /* ignore */ } }
  }
  function copiesOf(el) {
    var s = store(), out = [];
    if (!s || !el.dataset.draft) { return out; }
    var prefix = PREFIX + el.dataset.draft + "@";
    for (var i = 0; i < s.length; i++) {
      var k = s.key(i);
      if (k && k.indexOf(prefix) === 0) {
        try { out.push({ key: k, d: JSON.parse(s.getItem(k)) }); } catch (e) { out.push({ key: k, d: null }); }
      }
    }
    return out;
  }

  // The words of a status fragment (parsed inertly: nothing in it loads or runs).
  function textOf(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    return (doc.body.textContent || "").trim();
  }
  function showStatus(el, text, unsaved) {
    var st = statusOf(el);
    if (!st) { return; }
    st.textContent = "";
    var span = document.createElement("span");
    span.className = unsaved ? "error" : "saved";
    span.textContent = text;
    st.appendChild(span);
    st.classList.toggle("unsaved", !!unsaved);
  }

  function markInput(el) {
    var st = state(el);
    st.gen += 1;
    st.dirty = true;
    clearTimeout(st.timer);
    st.timer = setTimeout(function () { writeCopy(el); }, 200);
  }

  document.addEventListener("input", function (e) {
    var u = unitFor(e.target);
    if (u && (u.tagName === "FORM" || e.target === u)) { markInput(u); }
  });
  document.addEventListener("change", function (e) {
    var u = unitFor(e.target);
    if (u && u.tagName === "FORM") { markInput(u); }
  });

  // A unit's own save request.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var el = e.detail && e.detail.elt;
    if (el && el.tagName === "FORM" && !units.has(el)) {
      // A form sent as a whole (the mock's "Send answer") carries its autosaved fields: until it is
      // answered they are on their way, not left behind.
      units.forEach(function (st, u) { if (formOf(u) === el) { st.handedOver = true; } });
      return;
    }
    if (!el || !units.has(el)) { return; }
    var st = state(el);
    clearTimeout(st.timer);
    writeCopy(el);
    st.sentGen = st.gen;
    st.sentKey = keyOf(el);
    st.inFlight = true;
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var d = e.detail || {};
    var el = d.elt;
    if (!el) { return; }
    var code = d.xhr ? d.xhr.status : 0;
    var ok = code >= 200 && code < 300;
    if (units.has(el)) {
      var st = state(el);
      st.inFlight = false;
      if (ok) {
        st.problem = null;
        st.renewed = false;
        var status = statusOf(el);
        if (status) { status.classList.remove("unsaved"); }
        if (st.gen === st.sentGen) {
          st.dirty = false;
          dropCopy(st.sentKey);
        } else {
          // Typed while the save was on its way: that text is not saved yet.
          writeCopy(el);
        }
      } else if (code === 403 && /CSRF token/.test(d.xhr.responseText || "") && !st.renewed) {
        // tpmprep was restarted while this page stayed open: its token is new. Fetch this page
        // again for the new token and send the save once more; the text stays kept meanwhile.
        st.renewed = true;
        st.problem = "failed";
        st.problemGen = st.sentGen;
        writeCopy(el);
        showStatus(el, "tpmprep was restarted; saving again…", true);
        renewToken(function (fresh) {
          if (!fresh) {
            showStatus(el, "Not saved: tpmprep was restarted. Reload the page to go on saving; your changes are kept in this browser.", true);
            return;
          }
          if (window.htmx) { window.htmx.trigger(el, el.tagName === "FORM" ? "submit" : "input"); }
        });
      } else if (code >= 400 && code < 500) {
        // Refused: the server's reason goes on the status line (whether or not htmx swapped it in)
        // and stays marked unsaved.
        st.problem = "refused";
        st.problemGen = st.sentGen;
        var shown = statusOf(el);
        if (shown && shown.querySelector(".error")) {
          shown.classList.add("unsaved"); // htmx swapped the server's words in (a conflict's too)
        } else {
          var why = textOf(d.xhr.responseText);
          showStatus(el, /^Not (saved|kept)/.test(why) ? why : "Not saved: " + (why || "the server refused it (" + code + ")."), true);
        }
      } else {
        st.problem = "failed";
        st.problemGen = st.sentGen;
        showStatus(el, code
          ? "Not saved: the server failed (error " + code + "). Your changes are kept in this browser; they are saved on the next pause in typing."
          : "Not saved: tpmprep did not answer (is it still running?). Your changes are kept in this browser.", true);
      }
      return;
    }
    // A form sent as a whole (the mock's "Send answer") carries its autosaved fields with it.
    if (el.tagName === "FORM") {
      units.forEach(function (st, u) {
        if (formOf(u) !== el || u === el) { return; }
        st.handedOver = false;
        if (ok) {
          st.dirty = false;
          st.problem = null;
          dropCopy(keyOf(u));
        }
      });
    }
  });

  // Would the server refuse this text as it stands (a required field left empty)?
  function refusable(el) {
    var f = formOf(el);
    return f && el === f && typeof f.checkValidity === "function" && !f.checkValidity();
  }
  function atRisk(el) {
    var st = state(el);
    return st.dirty && !st.handedOver && (st.problem !== null || refusable(el));
  }

  // The URL and verb a unit saves to (the new-story form switches to its story once created).
  function target(el) {
    if (el.dataset.saveUrl) { return { verb: "PUT", url: el.dataset.saveUrl }; }
    var put = el.getAttribute("hx-put"), post = el.getAttribute("hx-post");
    return put ? { verb: "PUT", url: put } : post ? { verb: "POST", url: post } : null;
  }
  function flush() {
    units.forEach(function (st, el) {
      if (!el.isConnected) { units.delete(el); return; }
      if (!st.dirty || st.handedOver) { return; }
      writeCopy(el);
      var t = target(el);
      // A refused text is not sent again unchanged; a create already on its way is not sent twice.
      if (!t || (st.problem === "refused" && st.problemGen === st.gen)) { return; }
      if (st.inFlight && t.verb === "POST" && el.tagName === "FORM") { return; }
      var f = formOf(el);
      var body = new URLSearchParams(new FormData(f));
      if (el !== f) {
        body = new URLSearchParams();
        Array.prototype.forEach.call(f.elements, function (x) {
          if (x.name && (x === el || x.type === "hidden")) { body.append(x.name, x.value); }
        });
      }
      st.sentGen = st.gen;
      fetch(t.url, {
        method: t.verb,
        keepalive: true,
        headers: {
          "x-csrf-token": document.body.dataset.csrf,
          "content-type": "application/x-www-form-urlencoded",
          "hx-request": "true"
        },
        body: body.toString()
      }).then(function (r) {
        return r.text().then(function (text) { return { ok: r.ok, text: text }; });
      }).then(function (r) {
        // Still here (the tab was only hidden): show what the server said, as an autosave would.
        var m = r.text.match(/id="base_rev"[^>]*value="(\d+)"/);
        var rev = document.getElementById("base_rev");
        if (m && rev) { rev.value = m[1]; }
        var status = statusOf(el);
        if (status) {
          showStatus(el, textOf(r.text) || (r.ok ? "Saved" : "Not saved"), !r.ok);
        }
        if (r.ok && st.gen === st.sentGen) { st.dirty = false; st.problem = null; }
        else if (!r.ok) { st.problem = "refused"; st.problemGen = st.sentGen; }
      }).catch(function () { st.problem = "failed"; });
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  window.addEventListener("pagehide", flush);
  window.addEventListener("beforeunload", function (e) {
    var risky = false;
    units.forEach(function (st, el) {
      if (!el.isConnected) { units.delete(el); return; }
      if (st.dirty) { writeCopy(el); }
      if (atRisk(el)) { risky = true; }
    });
    if (risky) {
      e.preventDefault();
      e.returnValue = "Some of your changes are not saved. Leave anyway? (A copy stays in this browser.)";
      return e.returnValue;
    }
  });

  // ---- Offering a kept copy back ----
  function isChoice(x) { return x.type === "checkbox" || x.type === "radio"; }
  // A field's value as compared: spacing and commas aside (the server stores "Payments, Fraud" for
  // "Payments,Fraud", trims, and so on).
  function norm(v) { return v.replace(/[\s,]+/g, " ").trim(); }
  // Puts a kept copy's values into the form; returns the fields it changed. With `merge` (a new
  // story already being written on this page) what the page holds stays: an empty field takes the
  // copy's text, a text both hold differently keeps both (the page's first), a box ticked in either
  // stays ticked, and a choice still at its first option takes the copy's.
  function fill(el, query, merge) {
    var f = formOf(el);
    var p = new URLSearchParams(query);
    var changed = [];
    Array.prototype.forEach.call(f.elements, function (x) {
      if (!x.name || x.type === "hidden" || x.type === "submit" || x.type === "button") { return; }
      if (el !== f && x !== el) { return; }
      var before = isChoice(x) ? x.checked : x.value;
      if (isChoice(x)) {
        var ticked = p.getAll(x.name).indexOf(x.value) >= 0;
        if (!merge || ticked) { x.checked = ticked; }
      } else {
        var kept = p.has(x.name) ? p.get(x.name) : "";
        if (!merge || (x.tagName === "SELECT" ? x.selectedIndex <= 0 : !norm(x.value))) {
          x.value = kept;
        } else if (x.tagName !== "SELECT" && norm(kept) && norm(kept) !== norm(x.value)) {
          x.value = x.value.replace(/\s+$/, "") + (x.tagName === "TEXTAREA" ? "\n\n" : ", ") + kept;
        }
      }
      var after = isChoice(x) ? x.checked : x.value;
      if (before !== after) { changed.push(x); }
    });
    return changed;
  }
  function when(ms) {
    var d = new Date(ms);
    var today = new Date();
    var time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return d.toDateString() === today.toDateString() ? "today at " + time
      : d.toLocaleDateString([], { day: "numeric", month: "short" }) + " at " + time;
  }
  // Two copies hold the same when their fields differ only in spacing and commas.
  function same(query) {
    var out = [];
    new URLSearchParams(query).forEach(function (v, k) {
      v = norm(v);
      if (v) { out.push(k + "=" + v); }
    });
    return out.join("&");
  }
  // The name a person sees for a field: its label, or the legend of the group of boxes it is in.
  function nameOf(f, x) {
    var label = x.id && f.querySelector("label[for='" + x.id + "']");
    if (label) { return label.textContent.trim(); }
    var legend = x.closest("fieldset") && x.closest("fieldset").querySelector("legend");
    return legend ? legend.textContent.trim() : x.name;
  }
  // The fields whose value differs between the page and a kept copy: their names (at most four),
  // and whether all of them hold text (not ticks or choices).
  function differing(el, query) {
    var f = formOf(el);
    var kept = new URLSearchParams(query), now = new URLSearchParams(values(el));
    var names = [];
    kept.forEach(function (v, k) { if (names.indexOf(k) < 0) { names.push(k); } });
    now.forEach(function (v, k) { if (names.indexOf(k) < 0) { names.push(k); } });
    var out = { names: [], text: true };
    names.forEach(function (n) {
      if (same(kept.getAll(n).map(function (v) { return n + "=" + encodeURIComponent(v); }).join("&")) ===
          same(now.getAll(n).map(function (v) { return n + "=" + encodeURIComponent(v); }).join("&"))) { return; }
      var x = f.querySelector("[name='" + n + "']");
      if (x && (isChoice(x) || x.tagName === "SELECT")) { out.text = false; }
      var text = x ? nameOf(f, x) : n;
      if (out.names.indexOf(text) < 0) { out.names.push(text); }
    });
    out.names = out.names.slice(0, 4);
    return out;
  }
  function offer(el) {
    var s = store();
    if (!s) { return; }
    var now = same(values(el));
    var best = null;
    copiesOf(el).forEach(function (c) {
      if (!c.d || typeof c.d.v !== "string" || Date.now() - (c.d.at || 0) > MAX_AGE_MS || same(c.d.v) === now) {
        dropCopy(c.key); // unreadable, stale, or what the server already has
        return;
      }
      if (!best || c.d.at > best.d.at) { best = c; }
    });
    if (!best) { return; }
    // A copy on a form whose thing is not created yet is a story begun on another page and left
    // before the server took it: offered as that story, not as changes to this page.
    var begun = el.dataset.draftNew !== undefined;
    var box = document.createElement("div");
    box.className = "card draft-offer";
    box.id = "draft-offer";
    box.setAttribute("role", "alert");
    box.dataset.at = String(best.d.at);
    if (begun) { box.dataset.begun = "1"; }
    var p = document.createElement("p");
    var base = best.d.base && best.d.base !== "0" && best.d.base !== baseOf(el)
      ? " (written on revision " + best.d.base + "; this page shows revision " + baseOf(el) + ")" : "";
    var fields = differing(el, best.d.v);
    var list = fields.names.length ? " (" + fields.names.join(", ") + ")" : "";
    p.textContent = begun
      ? "You began a new story " + when(best.d.at) + list + " that was never saved. It is kept in this " +
        "browser: restore it here to go on with it, or discard it."
      : "You have unsaved " + (fields.text ? "text" : "changes") + " from " + when(best.d.at) + list + base +
        ", kept in this browser because the server did not take it.";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.id = "draft-restore";
    restore.textContent = "Restore it";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.id = "draft-discard";
    discard.className = "secondary";
    discard.textContent = "Discard it";
    var actions = document.createElement("p");
    actions.className = "actions";
    actions.appendChild(restore);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(discard);
    box.appendChild(p);
    box.appendChild(actions);
    var f = formOf(el);
    f.parentNode.insertBefore(box, f);
    restore.addEventListener("click", function () {
      var rev = f.querySelector("input[name=base_rev]");
      // Saved on top of the revision it was written on, so a newer revision is not overwritten
      // unseen: the server refuses a stale base and says so.
      if (rev && best.d.base && !begun) { rev.value = best.d.base; }
      dropCopy(best.key);
      // Into a new story already being written here, the copy is added to what is typed.
      var changed = fill(el, best.d.v, begun && state(el).gen > 0);
      box.remove();
      changed.forEach(function (x) { x.dispatchEvent(new Event("input", { bubbles: true })); });
      markInput(el);
      writeCopy(el);
      if (window.htmx) { window.htmx.trigger(el, el.tagName === "FORM" ? "submit" : "input"); }
      (changed[0] || el).focus();
    });
    discard.addEventListener("click", function () {
      dropCopy(best.key);
      box.remove();
    });
  }

  // The new-story form becomes its story's form once the first save has created it. Its own copy
  // moves to the story (or is dropped once saved); a story begun on another page and still offered
  // here stays kept for the next new story, and is no longer offered on this one.
  document.addEventListener("story-created", function (e) {
    var f = e.target && e.target.closest ? e.target.closest("form[data-autosave]") : null;
    var d = e.detail || {};
    if (!f || !d.url) { return; }
    var st = state(f);
    f.dataset.saveUrl = d.url;
    f.dataset.draft = "story:" + d.id;
    delete f.dataset.draftNew;
    if (st.gen !== st.sentGen) { dropCopy(st.sentKey); st.sentKey = null; }
    var pending = document.getElementById("draft-offer");
    if (pending) {
      var later = null;
      if (pending.dataset.begun) {
        later = document.createElement("p");
        later.id = "draft-later";
        later.className = "muted";
        later.setAttribute("role", "status");
        later.textContent = "The story you began " + when(Number(pending.dataset.at)) + " and never saved " +
          "is still kept in this browser: New story offers it again.";
      }
      if (later) { pending.replaceWith(later); } else { pending.remove(); }
    }
    if (window.history && window.history.replaceState) { window.history.replaceState(null, "", d.url); }
    document.title = document.title.replace(/^New story/, "Story #" + d.id);
  });
  // The page's CSRF token, fetched anew (after a restart of tpmprep the old one is refused): sets
  // it where htmx and fetch read it and calls back with it, or with null when it could not be had.
  function renewToken(done) {
    if (!window.fetch) { done(null); return; }
    window.fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var m = /data-csrf="([^"]+)"/.exec(html);
        if (!m) { done(null); return; }
        document.body.dataset.csrf = m[1];
        document.body.setAttribute("hx-headers", JSON.stringify({ "x-csrf-token": m[1] }));
        done(m[1]);
      })
      .catch(function () { done(null); });
  }

  document.addEventListener("htmx:configRequest", function (e) {
    var el = e.detail && e.detail.elt;
    if (el && el.dataset && el.dataset.saveUrl && units.has(el)) {
      e.detail.verb = "put";
      e.detail.path = el.dataset.saveUrl;
    }
  });

  function init() {
    var s = store();
    if (s) {
      // Copies older than a month are forgotten.
      for (var i = s.length - 1; i >= 0; i--) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0) {
          try {
            var d = JSON.parse(s.getItem(k));
            if (!d || Date.now() - (d.at || 0) > MAX_AGE_MS) { s.removeItem(k); }
          } catch (e) { s.removeItem(k); }
        }
      }
    }
    document.querySelectorAll("[data-autosave]").forEach(function (el) {
      state(el);
      if (el.dataset.draft) { offer(el); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  // A form swapped in (the mock's answer form shown again with an error) autosaves as well.
  document.addEventListener("htmx:load", function (e) {
    var root = e.target;
    if (!root || !root.querySelectorAll) { return; }
    if (root.matches("[data-autosave]")) { state(root); }
    root.querySelectorAll("[data-autosave]").forEach(function (el) { state(el); });
  });
})();

// ---- Folded parts of the critique stay as the reader left them ----------------------------------
// The critique is drawn again on every pause in typing and when a field loses focus. A critique the
// same as the one shown is not drawn again (a click on the panel that took the focus from the answer
// would otherwise land on a panel replaced under the pointer, and be lost); a new one keeps a list
// the reader opened in the old (the question's 16 principles, ranked) open, and one closed closed.
(function () {
  "use strict";
  var kept = null;
  var shown = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail || {};
    var t = d.target;
    kept = null;
    if (!t || t.id !== "critique" || !d.shouldSwap || d.isError) { return; }
    if (shown !== null && d.serverResponse === shown && t.isConnected) {
      d.shouldSwap = false;
      return;
    }
    shown = d.serverResponse;
    kept = {};
    t.querySelectorAll("details[id]").forEach(function (x) { kept[x.id] = x.open; });
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var t = e.target;
    if (!kept || !t || t.id !== "critique") { return; }
    t.querySelectorAll("details[id]").forEach(function (x) {
      if (Object.prototype.hasOwnProperty.call(kept, x.id)) { x.open = kept[x.id]; }
    });
    kept = null;
  });
})();

// ---- The critique bar (narrow screens) ---------------------------------------------------------
// #critique-bar sits at the bottom of the screen under the text being critiqued, with the score and
// the number of findings; it opens the critique panel over the lower part of the screen, and closes
// it again. Without the script it is a plain link down to the panel.
(function () {
  "use strict";
  function summary() {
    var bar = document.getElementById("critique-bar");
    var panel = document.getElementById("critique");
    if (!bar || !panel) { return; }
    var out = bar.querySelector("#critique-bar-summary");
    var score = panel.querySelector("#critique-score");
    var n = panel.querySelectorAll(".finding").length;
    out.textContent = score
      ? score.textContent.trim() + "/100 · " + n + (n === 1 ? " finding" : " findings")
      : "appears as you write";
  }
  function toggle(open) {
    var bar = document.getElementById("critique-bar");
    if (!bar) { return; }
    document.body.classList.toggle("critique-open", open);
    bar.setAttribute("aria-expanded", open ? "true" : "false");
    var t = bar.querySelector(".toggle");
    if (t) { t.textContent = open ? "Hide" : "Show"; }
    // The field last written in moves to the top, above the panel.
    if (open && lastField && lastField.isConnected) { lastField.scrollIntoView({ block: "start" }); }
  }
  var lastField = null;
  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t && t.form && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text"))) { lastField = t; }
  });
  document.addEventListener("click", function (e) {
    var bar = e.target.closest && e.target.closest("#critique-bar");
    if (!bar) { return; }
    e.preventDefault();
    toggle(!document.body.classList.contains("critique-open"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.body.classList.contains("critique-open")) { toggle(false); }
  });
  function init() {
    var bar = document.getElementById("critique-bar");
    if (!bar) { return; }
    bar.setAttribute("role", "button");
    bar.setAttribute("aria-expanded", "false");
    summary();
  }
  document.addEventListener("htmx:afterSwap", summary);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

// ---- Table labels for the card layout ----------------------------------------------------------
// On narrow screens a table with a header row is shown as one card per row (app.css); each cell is
// labelled with its column's header here.
(function () {
  "use strict";
  function label(root) {
    (root || document).querySelectorAll("table").forEach(function (t) {
      var head = t.tHead && t.tHead.rows[0];
      if (!head) { return; }
      var names = Array.prototype.map.call(head.cells, function (c) { return c.textContent.trim(); });
      Array.prototype.forEach.call(t.tBodies, function (b) {
        Array.prototype.forEach.call(b.rows, function (r) {
          Array.prototype.forEach.call(r.cells, function (c, i) {
            if (names[i] && c.colSpan === 1 && !c.hasAttribute("data-label")) { c.setAttribute("data-label", names[i]); }
          });
        });
      });
    });
  }
  document.addEventListener("htmx:afterSwap", function (e) { label(e.target); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { label(); }); } else { label(); }
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
  // Shown as text (read with DOMParser, never innerHTML).
  function flash(text) {
    var box = document.getElementById("flash");
    if (!box) { return; }
    var span = document.createElement("span");
    span.className = "error";
    span.textContent = text;
    box.replaceChildren(span);
    box.hidden = false;
  }
  function words(xhr) {
    var doc = new DOMParser().parseFromString((xhr && xhr.responseText) || "", "text/html");
    var said = doc.querySelector(".error");
    return said && said.textContent.trim() ? said.textContent.trim()
      : "The server refused this (" + (xhr ? xhr.status : "no answer") + ").";
  }
  // An autosave's refusal (4xx) is the status line's to show (see above); a server failure is not.
  function statusLineShows(elt, code) {
    return code < 500 && elt && elt.closest && elt.closest("[data-autosave]");
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
      if (!statusLineShows(elt, d.xhr.status)) { flash(words(d.xhr)); }
    }
  });
  document.addEventListener("htmx:responseError", function (e) {
    if (!statusLineShows(e.detail.elt, e.detail.xhr.status)) { flash(words(e.detail.xhr)); }
  });
  document.addEventListener("htmx:sendError", function () {
    flash("The server did not answer: is tpmprep still running?");
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

// ---- Drill answers kept in this browser ---------------------------------------------------------
// A textarea with data-local-draft="KEY" (the drill's answer box, the Speak page's transcript) is
// copied to localStorage as it is typed and filled back from it when the page (or the swapped part)
// shows it empty, so a reload or a crashed tab loses nothing. The copy goes once the server has the
// text: a drill card graded (the key names the card and its review count, so a graded card's copy is
// never offered again), or a page that says so with data-forget-local-draft="KEY" (the Speak report
// shown right after the transcript was kept); and after a month in any case.
(function () {
  "use strict";
  var PREFIX = "tpmprep:local:";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function restore(root) {
    var s = store();
    if (!s || !root || !root.querySelectorAll) { return; }
    root.querySelectorAll("[data-forget-local-draft]").forEach(function (el) {
      forget(el.dataset.forgetLocalDraft);
    });
    var boxes = root.matches && root.matches("[data-local-draft]") ? [root] : [];
    root.querySelectorAll("[data-local-draft]").forEach(function (el) { boxes.push(el); });
    boxes.forEach(function (el) {
      if (el.value) { return; }
      try {
        var d = JSON.parse(s.getItem(PREFIX + el.dataset.localDraft) || "null");
        if (d && typeof d.v === "string" && Date.now() - (d.at || 0) < MAX_AGE_MS) { el.value = d.v; }
      } catch (e) { /* unreadable: ignore */ }
    });
  }
  function forget(key) {
    var s = store();
    if (s) { try { s.removeItem(PREFIX + key); } catch (e) { /* ignore */ } }
  }
  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!el || !el.dataset || !el.dataset.localDraft) { return; }
    var s = store();
    if (!s) { return; }
    try {
      if (el.value) {
        s.setItem(PREFIX + el.dataset.localDraft, JSON.stringify({ v: el.value, at: Date.now() }));
      } else {
        forget(el.dataset.localDraft);
      }
    } catch (e) { /* full or forbidden */ }
  });
  // A grade the server took: that card's copy is done with.
  document.addEventListener("htmx:afterRequest", function (e) {
    var d = e.detail || {};
    var elt = d.elt;
    if (!d.successful || !elt || !elt.name || elt.name !== "grade") { return; }
    var form = elt.closest("form");
    var box = form && form.querySelector("[data-local-draft]");
    if (box) { forget(box.dataset.localDraft); }
  });
  function init() {
    var s = store();
    if (s) {
      for (var i = s.length - 1; i >= 0; i--) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0) {
          try {
            var d = JSON.parse(s.getItem(k));
            if (!d || Date.now() - (d.at || 0) > MAX_AGE_MS) { s.removeItem(k); }
          } catch (e) { s.removeItem(k); }
        }
      }
    }
    restore(document);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:load", function (e) { restore(e.target); });
})();

// ---- The writing attempt's word count ------------------------------------------------------------
// <span data-word-count="TEXTAREA-ID" data-target data-max data-per-page> says, as the candidate
// types, how many words and pages the narrative has against the two-page target ("612 words · 1.2
// pages of about 2"), and warns past the four-page ceiling. Words are counted as the server counts
// them: whitespace-separated tokens with a letter or a digit. (The save's answer sends the same line.)
(function () {
  "use strict";
  var WORDY = /[\p{L}\p{N}]/u;
  function line(el, box) {
    var words = box.value.split(/\s+/).filter(function (w) { return WORDY.test(w); }).length;
    var per = Number(el.dataset.perPage) || 500;
    var target = Math.round((Number(el.dataset.target) || 1000) / per);
    var max = Number(el.dataset.max) || 2000;
    var s = words + " words · " + (words / per).toFixed(1) + " pages of about " + target;
    if (words > max) {
      s += " · over the " + max + "-word (" + Math.round(max / per) + "-page) ceiling: cut it down";
    }
    el.textContent = s;
    var holder = el.parentElement;
    if (holder) { holder.classList.toggle("over", words > max); }
  }
  function update(box) {
    document.querySelectorAll("[data-word-count]").forEach(function (el) {
      if (el.dataset.wordCount === box.id) { line(el, box); }
    });
  }
  document.addEventListener("input", function (e) {
    if (e.target && e.target.tagName === "TEXTAREA" && e.target.id) { update(e.target); }
  });
  // The save's answer swaps in the server's line (out of band): keep the one for what is typed now.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-word-count]").forEach(function (el) {
      var box = document.getElementById(el.dataset.wordCount);
      if (box) { line(el, box); }
    });
  });
})();

// ---- Transcript files -------------------------------------------------------------------------
// <input type="file" data-transcript-into="TEXTAREA-ID" data-transcript-name="HIDDEN-ID"> (the
// Speak page, a mock's answer, a drill card): the chosen file is read here, in the browser, into
// the textarea, and its name into the hidden field, which the server reads for the format. Nothing
// is uploaded: the form sends the text as any typed answer. The file input has no name, so it is
// never sent itself. Without JavaScript the text is pasted instead.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input || !input.matches || !input.matches("input[type=file][data-transcript-into]")) { return; }
    var file = input.files && input.files[0];
    if (!file) { return; }
    var status = input.dataset.transcriptStatus && document.getElementById(input.dataset.transcriptStatus);
    var reader = new FileReader();
    reader.onload = function () {
      var area = document.getElementById(input.dataset.transcriptInto);
      if (area) {
        area.value = String(reader.result || "");
        area.dispatchEvent(new Event("input", { bubbles: true }));
      }
      var name = input.dataset.transcriptName && document.getElementById(input.dataset.transcriptName);
      if (name) { name.value = file.name; }
      if (status) { status.textContent = "Loaded " + file.name + " (" + file.size + " bytes)."; }
    };
    reader.onerror = function () {
      if (status) { status.textContent = "Could not read " + file.name + "."; }
    };
    reader.readAsText(file);
  });
})();

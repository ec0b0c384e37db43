// Aduan back office: progressive enhancement only; every page works without this file.

// --- The report screen (/kantor/laporan/{id}): keyboard shortcuts and the agency type-ahead.
(function () {
  "use strict";
  var d = document;

  // Shortcuts: an element marked data-shortcut="x" is focused (a field) or followed (a link)
  // when x is pressed; "?" opens the list of shortcuts. Nothing fires while typing in a
  // field, or with a modifier key held.
  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  var help = d.getElementById("shortcuts");
  if (d.querySelector("[data-shortcut]") || help) {
    d.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
      if (e.key === "?") {
        if (help) {
          help.open = !help.open;
          if (help.open) { help.scrollIntoView({ block: "nearest" }); }
          var summary = help.querySelector("summary");
          if (summary) { summary.focus(); }
        }
        e.preventDefault();
        return;
      }
      if (e.key.length !== 1) { return; }
      var target = d.querySelector('[data-shortcut="' + e.key.toLowerCase() + '"]');
      if (!target || e.shiftKey) { return; }
      e.preventDefault();
      if (target.hasAttribute("data-fill")) {
        target.click();
        target.focus();
        return;
      }
      if (target.tagName === "A") {
        window.location.assign(target.href);
        return;
      }
      target.scrollIntoView({ block: "center" });
      target.focus();
    });
  }

  // Agency type-ahead: typing in the directory's search box asks the API for matching
  // agencies and offers them in the listed selects, keeping the current choice. Without
  // JavaScript the same box filters the list through the server.
  var box = d.querySelector("input[data-agency-search]");
  if (!box || !window.fetch) { return; }
  var selects = box.getAttribute("data-agency-search").split(" ")
    .map(function (id) { return d.getElementById(id); })
    .filter(function (s) { return s; });
  if (!selects.length) { return; }
  var timer = null;
  var asked = 0;
  function fill(agencies) {
    selects.forEach(function (sel) {
      var keep = sel.value;
      var first = sel.options.length && sel.options[0].value === "" ? sel.options[0] : null;
      while (sel.options.length) { sel.remove(0); }
      if (first) { sel.add(first); }
      agencies.forEach(function (a) {
        var o = d.createElement("option");
        o.value = a.id;
        o.textContent = a.name;
        o.selected = a.id === keep;
        sel.add(o);
      });
    });
  }
  // The API answers a page at a time ({items, next_cursor}): follow next_cursor until the
  // last page, then fill the selects once with every match.
  function page(q, cursor, found, mine) {
    var url = "/api/v1/agencies?limit=1000" + (q ? "&q=" + encodeURIComponent(q) : "") +
      (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) {
        if (!body || !Array.isArray(body.items) || mine !== asked) { return null; }
        found = found.concat(body.items);
        return body.next_cursor ? page(q, body.next_cursor, found, mine) : found;
      });
  }
  function ask() {
    var mine = ++asked;
    page(box.value.trim(), null, [], mine)
      .then(function (list) { if (list && mine === asked) { fill(list); } })
      .catch(function () {});
  }
  box.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 200);
  });
  if (box.form) {
    box.form.addEventListener("submit", function (e) { e.preventDefault(); ask(); });
  }
})();

// --- The queue (/kantor): "select all" for the bulk form. Without JavaScript each report's
// box is ticked on its own.
(function () {
  "use strict";
  var d = document;
  var all = d.getElementById("pick-all");
  var form = d.getElementById("bulk");
  if (!all || !form) { return; }
  var row = d.getElementById("pick-all-row");
  if (row) { row.hidden = false; }
  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="id"]'));
  }
  all.addEventListener("change", function () {
    boxes().forEach(function (b) { b.checked = all.checked; });
    all.indeterminate = false;
  });
  form.addEventListener("change", function (e) {
    if (e.target === all || e.target.name !== "id") { return; }
    var list = boxes();
    var on = list.filter(function (b) { return b.checked; }).length;
    all.checked = on === list.length;
    all.indeterminate = on > 0 && on < list.length;
  });
})();

// --- Triage suggestions on the verification form: a click chooses the suggested agency or
// category in its select in place (the link shows the same choice without JavaScript).
(function () {
  "use strict";
  var d = document;
  d.querySelectorAll("a.chip[data-fill]").forEach(function (chip) {
    chip.addEventListener("click", function (e) {
      var sel = d.getElementById(chip.getAttribute("data-fill"));
      if (!sel) { return; }
      e.preventDefault();
      var value = chip.getAttribute("data-value");
      var found = Array.prototype.some.call(sel.options, function (o) { return o.value === value; });
      if (!found) {
        var o = d.createElement("option");
        o.value = value;
        o.textContent = chip.getAttribute("data-label");
        sel.insertBefore(o, sel.options[1] || null);
      }
      sel.value = value;
      chip.parentNode.querySelectorAll("a.chip").forEach(function (other) {
        other.classList.toggle("chosen", other === chip);
        if (other === chip) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
      });
      sel.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();

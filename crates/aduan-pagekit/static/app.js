// Aduan: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  var d = document;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }

  var offline = d.getElementById("offline");
  function onlineState() { if (offline) { offline.hidden = navigator.onLine; } }
  window.addEventListener("online", onlineState);
  window.addEventListener("offline", onlineState);
  onlineState();

  // Filter a long <select> by typing into a search box placed before it.
  d.querySelectorAll("select[data-filter]").forEach(function (sel) {
    var box = d.getElementById(sel.getAttribute("data-filter"));
    if (!box) { return; }
    box.hidden = false;
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      Array.prototype.forEach.call(sel.options, function (o) {
        if (!o.value) { return; }
        o.hidden = q !== "" && o.text.toLowerCase().indexOf(q) < 0;
      });
    });
  });

  // Province -> kabupaten/kota: show only the chosen province's regions.
  var prov = d.getElementById("province");
  var region = d.getElementById("region");
  if (prov && region) {
    var sync = function () {
      Array.prototype.forEach.call(region.querySelectorAll("optgroup"), function (g) {
        g.hidden = prov.value !== "" && g.getAttribute("data-province") !== prov.value;
      });
    };
    prov.addEventListener("change", function () { sync(); region.value = ""; });
    sync();
  }

  // A sensitive topic makes the report confidential, and the page says why.
  var cat = d.getElementById("category");
  var conf = d.getElementById("confidential");
  var why = d.getElementById("sensitive-note");
  if (cat && conf && why) {
    var check = function () {
      var o = cat.options[cat.selectedIndex];
      var sensitive = o && o.getAttribute("data-sensitive") === "1";
      why.hidden = !sensitive;
      if (sensitive) { conf.checked = true; }
    };
    cat.addEventListener("change", check);
    check();
  }

  // Coordinates from the device, only when asked.
  var geo = d.getElementById("use-location");
  if (geo && navigator.geolocation) {
    geo.hidden = false;
    geo.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        d.getElementById("latitude").value = p.coords.latitude.toFixed(6);
        d.getElementById("longitude").value = p.coords.longitude.toFixed(6);
        var shown = d.getElementById("location-shown");
        if (shown) { shown.hidden = false; shown.textContent = p.coords.latitude.toFixed(5) + ", " + p.coords.longitude.toFixed(5); }
      });
    });
  }

  // The submit form: upload progress, retries on a failed connection, and a queue while offline
  // that is sent only on the person's click.
  var form = d.getElementById("submit-form");
  var QUEUE = "aduan-queued-report";
  function replaceWith(html) { d.open(); d.write(html); d.close(); }
  function send(data, onProgress, attempt) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/lapor");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable && onProgress) { onProgress(e.loaded / e.total); } };
      xhr.onload = function () { resolve(xhr.responseText); };
      xhr.onerror = function () {
        if (attempt < 3) { setTimeout(function () { send(data, onProgress, attempt + 1).then(resolve, reject); }, 1500 * (attempt + 1)); }
        else { reject(new Error("network")); }
      };
      xhr.send(data);
    });
  }
  // The form's CSRF token as the server gives it now (the queued copy may be stale).
  function freshToken() {
    return fetch("/lapor", { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var field = doc.querySelector("#submit-form input[name=csrf]");
      return field ? field.value : "";
    });
  }
  // A report queued while offline is sent only when the person asks: the device may have
  // changed hands since, and the answer shows the report's access code. It can be discarded.
  function queued() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "null"); } catch (e) { return null; }
  }
  var banner = d.getElementById("queued-banner");
  function showBanner() {
    var q = queued();
    if (!banner) { return; }
    banner.hidden = !q;
    var files = d.getElementById("queued-banner-files");
    if (files) { files.hidden = !(q && q.filesDropped); }
  }
  function sendQueued() {
    var q = queued();
    var failed = d.getElementById("queued-failed");
    if (!q) { showBanner(); return; }
    if (failed) { failed.hidden = true; }
    freshToken().then(function (token) {
      var data = new FormData();
      var fields = q.fields || q; // a report queued by the earlier script: the fields alone
      Object.keys(fields).forEach(function (k) {
        if (k === "csrf" || !Array.isArray(fields[k])) { return; }
        fields[k].forEach(function (v) { data.append(k, v); });
      });
      data.append("csrf", token);
      return send(data, null, 0).then(function (html) { localStorage.removeItem(QUEUE); replaceWith(html); });
    }).catch(function () { if (failed) { failed.hidden = false; } });
  }
  var sendButton = d.getElementById("queued-send");
  if (sendButton) { sendButton.addEventListener("click", sendQueued); }
  var discardButton = d.getElementById("queued-discard");
  if (discardButton) {
    discardButton.addEventListener("click", function () { localStorage.removeItem(QUEUE); showBanner(); });
  }
  showBanner();
  if (form && window.FormData && window.XMLHttpRequest) {
    var bar = d.getElementById("upload-progress");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new FormData(form);
      if (!navigator.onLine) {
        // Only the text is kept: files are too large for the device's storage.
        var fields = {};
        var filesDropped = false;
        data.forEach(function (v, k) {
          if (typeof v === "string") { (fields[k] = fields[k] || []).push(v); }
          else if (v && v.size > 0) { filesDropped = true; }
        });
        localStorage.setItem(QUEUE, JSON.stringify({ fields: fields, filesDropped: filesDropped }));
        var filesNote = d.getElementById("queued-files-note");
        if (filesNote) { filesNote.hidden = !filesDropped; }
        var note = d.getElementById("queued-note");
        if (note) { note.hidden = false; note.focus(); }
        showBanner();
        return;
      }
      if (bar) { bar.hidden = false; bar.value = 0; }
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      send(data, function (f) { if (bar) { bar.value = f; } }, 0).then(replaceWith, function () {
        if (button) { button.disabled = false; }
        var fail = d.getElementById("upload-failed");
        if (fail) { fail.hidden = false; }
      });
    });
  }
})();

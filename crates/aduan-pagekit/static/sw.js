// Aduan service worker: keeps the portal's shell and the submit form available offline.
// Pages are fetched from the network first; the cached copy is used only when offline.
// v2: pages whose script sends a queued report only on the person's click; the old copies go.
const CACHE = "aduan-v2";
const SHELL = ["/", "/lapor", "/static/app.css", "/static/app.js", "/static/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  const shell = SHELL.includes(url.pathname);
  event.respondWith(
    fetch(req).then((res) => {
      // A page answered "no-store" belongs to a logged-in user or an access-code holder.
      const private_ = (res.headers.get("Cache-Control") || "").includes("no-store");
      if (shell && res.ok && !private_) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy));
      }
      return res;
    }).catch(() => caches.match(req).then((hit) => hit || caches.match("/")))
  );
});

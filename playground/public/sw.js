// Keeps the playground working offline once loaded: the page sends the URLs it loaded (its
// scripts, styles, the engine's worker and prism.wasm); they are cached and served from the cache
// first, so a reload without a network renders as before.
const CACHE = "linkplate-playground-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache.filter((u) => typeof u === "string" && new URL(u).origin === self.location.origin) : [];
  // One by one: a URL that fails (a favicon the server does not have) must not keep the others out.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.allSettled(urls.map((u) => cache.add(u))))
      .then((results) => event.source?.postMessage({ cached: results.filter((r) => r.status === "fulfilled").length })),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then(
      (hit) =>
        hit ??
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});

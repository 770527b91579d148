// Keeps the playground working offline once loaded: the page sends the URLs it loaded (its
// scripts, styles, the engine's worker and prism.wasm); they are cached and served from the cache
// first, so a reload without a network renders as before.
const CACHE = "linkplate-playground-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache.filter((u) => typeof u === "string" && new URL(u).origin === self.location.origin) : [];
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(urls))
      .then(() => event.source?.postMessage({ cached: urls.length }))
      .catch((e) => event.source?.postMessage({ cacheError: String(e) })),
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

/*
 * The browser app's service worker, served at /app/sw.js with scope /app/.
 * Written into dist-web/sw.js by vite.web.config.ts, which fills in the list
 * of every file of the build and a version hashed from it.
 *
 * App files: cache first, from a cache filled at install, so a walk needs no
 * network after the first load. Every page under /app/ (e.g. /app/join?code=…)
 * is the app's one page. The sync API (/v1/) is network only: never cached.
 */
const VERSION = "__VERSION__";
const PRECACHE = "__PRECACHE__";
const CACHE = `cityaudit-${VERSION}`;
const SCOPE = new URL(self.registration.scope);
const SHELL = new URL("index.html", SCOPE).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Hashed assets never change under their name: the copy the page just
      // fetched (HTTP cache, immutable) is taken instead of a second download.
      // Unhashed files go past the HTTP cache, so a new version keeps no old one.
      const request = (url) =>
        new Request(url, { cache: url.includes("/assets/") ? "default" : "reload" });
      await cache.addAll(PRECACHE.map(request));
      // The page has loaded all it needs at start, so the new files may take over at once.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("cityaudit-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The sync API: straight to the network, never from or into a cache.
  if (url.pathname.includes("/v1/")) return;
  if (!url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(cacheFirst(request, url));
});

async function cacheFirst(request, url) {
  const cache = await caches.open(CACHE);
  const cached =
    (await cache.match(url.href)) ??
    // Any other page under /app/ (/app/, /app/join?code=…) is the app's one page.
    (request.mode === "navigate" ? await cache.match(SHELL) : undefined);
  return cached ?? fetch(request);
}

// The field app's service worker: the app shell from the cache (it works with no signal), and
// the lists a visit form needs (sites, checklists, issue categories, colleagues, who I am)
// from the network when it answers, else from the copy kept the last time it did.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const SHELL_CACHE = `icv-shell-${VERSION}`;
const LISTS_CACHE = "icv-lists";
const LISTS = [
  "/api/v1/me",
  "/api/v1/sites",
  "/api/v1/checklists",
  "/api/v1/issue-categories",
  "/api/v1/colleagues",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("icv-shell-") && name !== SHELL_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function shellFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const url = new URL(request.url);
  const key = url.pathname === "/" || url.pathname === "/index.html" ? "/" : request;
  try {
    if (url.pathname === "/") {
      // The page itself: the network's newest copy when it answers, the cached one offline.
      const fresh = await fetch(request);
      if (fresh.ok) await cache.put("/", fresh.clone());
      return fresh;
    }
  } catch (error) {
    const cached = await cache.match("/");
    if (cached) return cached;
    throw error;
  }
  const cached = await cache.match(key);
  return cached || fetch(request);
}

async function listNetworkFirst(request) {
  const cache = await caches.open(LISTS_CACHE);
  try {
    const fresh = await fetch(request);
    if (fresh.ok) await cache.put(request, fresh.clone());
    return fresh;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/" || url.pathname.startsWith("/assets/")) {
    event.respondWith(shellFirst(request));
  } else if (LISTS.includes(url.pathname)) {
    event.respondWith(listNetworkFirst(request));
  }
});

// Archboard's service worker: it lets the app itself load without the network. The boards
// come from IndexedDB (y-indexeddb, see src/sync/BoardSession.ts), not from here.
//
// - navigations to / and /b/*: network first, so an online tab always gets the newest
//   app; this build's index.html when the network fails, answers 5xx, or is slower than
//   NAVIGATION_TIMEOUT_MS
// - this build's files (hashed /assets/*, favicon): cache first; they never change
// - /icons/*: stale-while-revalidate, in a cache shared by every build
// - anything else, /api/* and /ws included: not handled, so the browser goes to the network
//
// Each build precaches into its own cache, named after a hash of its files
// (serviceWorkerPlugin in vite.config.ts writes MANIFEST), and activate deletes the other builds' caches.
// A new worker waits until the tabs of the old one are closed (no skipWaiting): a running
// tab may still lazily load chunks of its own build, which are only in the old cache.

/** Replaced in the build by serviceWorkerPlugin (vite.config.ts): the build's version and files. */
const MANIFEST = { version: 'unbuilt', files: [] };

const SHELL_CACHE = `archboard-shell-${MANIFEST.version}`;
const ICON_CACHE = 'archboard-icons-v1';
const SHELL = '/index.html';
const NAVIGATION_TIMEOUT_MS = 3000;
const PRECACHED = new Set(MANIFEST.files);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(MANIFEST.files.map((file) => new Request(file, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('archboard-') && name !== SHELL_CACHE && name !== ICON_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      // The first install takes over the open tabs, so the icons they load from now on are kept.
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.mode === 'navigate' && (path === '/' || path.startsWith('/b/'))) {
    event.respondWith(navigate(request));
  } else if (PRECACHED.has(path) || path.startsWith('/assets/')) {
    event.respondWith(cacheFirst(event));
  } else if (path.startsWith('/icons/')) {
    event.respondWith(staleWhileRevalidate(event));
  }
});

/** @param {Request} request */
async function navigate(request) {
  const shell = await caches.match(SHELL, { cacheName: SHELL_CACHE });
  const network = fetch(request);
  if (!shell) return network;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(shell), NAVIGATION_TIMEOUT_MS);
  });
  const answer = network.then(
    (response) => (response.status >= 500 ? shell : response),
    // Offline, or the server is unreachable: this is the case the shell is kept for.
    () => shell,
  );
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

/** @param {FetchEvent} event */
async function cacheFirst(event) {
  // Any cache will do: a hashed file is the same whichever build cached it.
  const hit = await caches.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.ok) {
    const copy = response.clone();
    event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.put(event.request, copy)));
  }
  return response;
}

/** @param {FetchEvent} event */
async function staleWhileRevalidate(event) {
  const cache = await caches.open(ICON_CACHE);
  const hit = await cache.match(event.request);
  const refresh = fetch(event.request).then(async (response) => {
    if (response.ok) await cache.put(event.request, response.clone());
    return response;
  });
  if (!hit) return refresh;
  // The cached icon is served either way; offline, the refresh fails and is tried next time.
  event.waitUntil(
    refresh.then(
      () => undefined,
      () => undefined,
    ),
  );
  return hit;
}

// TMO Lab's service worker: keeps the bundle after the first visit, so a page opened once
// reloads with no network. The app registers it (release builds only) once it is on screen.
//
// scripts/offline-manifest.mjs, a trunk post-build hook, writes the bundle's files and a
// version derived from their contents into BUNDLE below. A new deploy changes the version, so
// the browser installs the new worker, which replaces the old cache.
//
// - Files whose names carry trunk's content hash never change: served from the cache first.
// - Everything else (the page, the worker's files, the datasets): from the network when it
//   answers, so a new deploy shows at once; from the cache when it does not.
const BUNDLE = { version: 'unbuilt', files: [] };

const PREFIX = 'tmo-lab-';
const CACHE = `${PREFIX}${BUNDLE.version}`;
/** trunk's hashed names: `style-0123456789abcdef.css`, `tmo-web-0123456789abcdef_bg.wasm`. */
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(['./', ...BUNDLE.files]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  const page = request.mode === 'navigate';
  const hashed = !page && HASHED.test(new URL(request.url).pathname);
  event.respondWith(hashed ? cacheFirst(request) : networkFirst(request, page));
});

/** The cached copy, else the network's (then kept). */
async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached ?? fetchAndKeep(request, request);
}

/**
 * The network's answer (then kept), else the cached copy; a page (any query string) falls back
 * to the cached start page, whose app reads the query itself.
 */
async function networkFirst(request, page) {
  const key = page ? new URL('./', self.registration.scope).href : request;
  try {
    return await fetchAndKeep(request, key);
  } catch (error) {
    const cached = await caches.match(key, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function fetchAndKeep(request, key) {
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(key, copy)).catch(() => {});
  }
  return response;
}

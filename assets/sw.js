// GIL Lab's service worker: after a first visit the page works offline.
//
// Files whose names carry trunk's content hash (the wasm module, its glue, the CSS, the favicon)
// never change, so they are served from the cache once fetched. Everything else (the page, its
// loader, each lesson's files as they are visited, the validation page) comes from the network
// while there is one, and is kept for when there is not: online the page is always the newest
// deployment, offline the last one visited, and the hashed names keep its files together.
const CACHE = "gil-lab";
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg)$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
    const url = new URL(event.request.url);
    if (event.request.method !== "GET" || url.origin !== self.location.origin) {
        return;
    }
    event.respondWith(HASHED.test(url.pathname) ? fromCacheFirst(event.request) : fromNetworkFirst(event.request));
});

async function fromCacheFirst(request) {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request);
    if (cached) {
        return cached;
    }
    const response = await fetch(request);
    if (response.ok) {
        await cache.put(request, response.clone());
    }
    return response;
}

// A page's address differs by its query only for the end-to-end walk and the benchmark, which
// reload the same page: offline, any stored copy of the same file will do.
async function fromNetworkFirst(request) {
    const cache = await caches.open(CACHE);
    try {
        const response = await fetch(request);
        if (response.ok) {
            await cache.put(request, response.clone());
        }
        return response;
    } catch (offline) {
        const cached = await cache.match(request, { ignoreSearch: true });
        if (cached) {
            return cached;
        }
        throw offline;
    }
}

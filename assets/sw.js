// GIL Lab's service worker: after a first visit the page works offline, every lesson included.
//
// Files whose names carry trunk's content hash (the wasm module, its glue, the CSS, the favicon)
// never change, so they are served from the cache once fetched. Everything else (the page, its
// loader, each lesson's files, the fidelity page's) comes from the network while there is one,
// and is kept for when there is not: online the page is always the newest deployment, offline the
// last one stored, and the hashed names keep its files together.
const CACHE = "gil-lab";
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg)$/;
// Which deployment (its wasm module's address) is stored whole; the end-to-end walk waits for it.
const STORED = new URL("stored-for-offline", self.registration.scope).href;
const STORE_BATCH = 6;

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

// A page's query holds its settings (`lab/?c=2…`), which the app reads: offline, the stored copy of
// the page's file, whatever its query, will do.
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

// boot.js asks once the app runs and the page is idle, naming the deployment it runs (the address
// of its wasm module). Every page load asks, so one store at a time: a second request while one
// is under way waits for it rather than fetching everything again beside it.
let storing = null;
self.addEventListener("message", (event) => {
    if (event.data?.storeForOffline) {
        storing ||= storeForOffline(event.data.storeForOffline).finally(() => {
            storing = null;
        });
        event.waitUntil(storing);
    }
});

// Stores the newest deployment whole, unless the one running is stored already: the page and the
// files it names (a first visit loads them before this worker can keep them), every other page of
// the app at its address (the build lists them in pages.json) and every lesson's files (in
// lessons/files.json), so that offline a lesson step never visited opens too. All of them again for a new deployment, so that stored lessons never mix with another
// deployment's page. Not when the connection asks to save data.
async function storeForOffline(running) {
    const cache = await caches.open(CACHE);
    const stored = await cache.match(STORED);
    if (self.navigator.connection?.saveData || (stored && (await stored.text()) === running)) {
        return;
    }
    const scope = self.registration.scope;
    const page = await fetch(scope, { cache: "no-cache" });
    const listed = await fetch(new URL("lessons/files.json", scope), { cache: "no-cache" });
    const pageList = await fetch(new URL("pages.json", scope), { cache: "no-cache" });
    if (!page.ok || !listed.ok || !pageList.ok) {
        return;
    }
    const named = (await page.clone().text()).matchAll(/(?:href|src|data-gil-lab-js|data-gil-lab-wasm)=["']?([^"' >]+)/g);
    const files = [...named].map((match) => new URL(match[1], scope).href);
    const lessons = (await listed.json()).map((file) => new URL(`lessons/${file}`, scope).href);
    const pages = (await pageList.json()).map((address) => new URL(address, scope).href).filter((url) => url !== scope);
    await cache.put(scope, page);
    const missing = [];
    for (const url of [...files, ...pages, ...lessons]) {
        // A hashed file never changes: one already kept is this deployment's.
        if (!(HASHED.test(new URL(url).pathname) && (await cache.match(url)))) {
            missing.push(url);
        }
    }
    // A few files at a time with a pause between, so that storing never competes for long with a
    // page in use (one at a time, the 230 files of 22 lessons and their pages took 16 s).
    for (let start = 0; start < missing.length; start += STORE_BATCH) {
        await Promise.all(missing.slice(start, start + STORE_BATCH).map(async (url) => {
            const response = await fetch(url, { priority: "low" });
            if (response.ok) {
                await cache.put(url, response);
            }
        }));
        await new Promise((paused) => setTimeout(paused, 50));
    }
    await cache.put(STORED, new Response(files.find((file) => file.endsWith(".wasm"))));
}

// Starts the web app. The page's Content-Security-Policy forbids inline scripts, so trunk puts
// this file's <script> tag in the page (Trunk.toml `pattern_script`), with the hashed names of
// the wasm-bindgen glue and the wasm module in data attributes.
const tag = document.querySelector("script[data-gil-lab-js]");
const js = new URL(tag.dataset.gilLabJs, document.baseURI);
const wasm = new URL(tag.dataset.gilLabWasm, document.baseURI);
// The app's folder: every page says how far up it is (`gil-lab write-pages` writes its meta).
const base = new URL(document.querySelector("meta[name='gil-lab-base']")?.content ?? "./", document.baseURI);

// The app moves between pages of other depths without reloading (`history.pushState`), and the
// browser finds the page's icon again from each new address: from here on, the icon's whole URL.
for (const icon of document.querySelectorAll("link[rel~='icon']")) {
    icon.setAttribute("href", icon.href);
}

// The error panel's Reload button (src/web/panic.rs). Handled here, not in WebAssembly, because
// the panel appears when the WebAssembly module has panicked and may no longer run.
document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-gil-lab-reload]")) {
        window.location.reload();
    }
});

// Offline after a first visit (assets/sw.js). A page opened from a file, or in a browser without
// service workers, simply does without.
if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(new URL("sw.js", base)).catch(() => {});
}

// A new deployment is a new wasm module's name: say once that the page changed since the last
// visit (the page itself is always the newest one, see sw.js).
try {
    const seen = localStorage.getItem("gil-lab:build");
    localStorage.setItem("gil-lab:build", wasm.pathname);
    if (seen && seen !== wasm.pathname) {
        const notice = document.createElement("p");
        notice.className = "updated-notice";
        notice.setAttribute("role", "status");
        notice.textContent = "GIL Lab has been updated since your last visit.";
        document.body.prepend(notice);
    }
} catch (noStorage) {
    // Storage can be disabled (private modes, some embeds): then there is nothing to compare.
}

// A lesson step's two files (crates/web/src/lesson/navigation.rs names them) are fetched by the
// app once it runs. Asked for here, they arrive while the wasm module downloads rather than after
// it; the app's own requests are then served from these. The step's address is its path from the
// base (`lesson/<slug>/<step>/`), or an old hash address (`#/lesson/<slug>/<step>`) the app moves.
const address = location.hash.startsWith("#/") ? location.hash.slice(2) : location.href.slice(base.href.length);
const step = /^lesson\/([a-z0-9-]+)(?:\/([1-9][0-9]*)?)?\/?(?:\?|$)/.exec(address);
for (const file of step ? ["lesson.json", `${step[2] || 1}.html`] : []) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = new URL(`lessons/${step[1]}/${file}`, base).href;
    document.head.append(link);
}

try {
    const { default: init } = await import(js.href);
    await init({ module_or_path: wasm });
    // Once the app runs and the page is idle, the service worker stores the rest of this
    // deployment for offline reading (sw.js), so that it does not compete with the page's loads.
    const whenIdle = window.requestIdleCallback || ((then) => setTimeout(then, 2000));
    whenIdle(() => navigator.serviceWorker?.ready.then((registration) => registration.active?.postMessage({ storeForOffline: wasm.href })));
} catch (error) {
    const app = document.getElementById("app");
    if (app) {
        const message = document.createElement("p");
        message.className = "error";
        message.textContent = `GIL Lab could not start: ${error}`;
        app.replaceChildren(message);
    }
    throw error;
}

//! The web app's entry point, built to WebAssembly by trunk (see index.html and Trunk.toml).

// Smaller and faster in WebAssembly than the standard library's dlmalloc (docs/performance.md, "Bundle size").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    gil_lab_web::start();
}

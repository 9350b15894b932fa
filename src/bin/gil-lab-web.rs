//! The web app's entry point, built to WebAssembly by trunk (see index.html and Trunk.toml).

fn main() {
    gil_lab::web::start();
}

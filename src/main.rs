//! Installs the panic hook and mounts the app; everything else lives in the library.

fn main() {
    set_panic_hook();
    leptos::mount::mount_to_body(patchbay::app::App);
}

/// Debug builds log the panic with its stack (`console_error_panic_hook`). Release builds
/// log the same message and place with `console.error`'s own stack, without
/// `PanicHookInfo`'s `Display` and the stack-string glue: fewer bytes in the first load.
fn set_panic_hook() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    #[cfg(not(debug_assertions))]
    std::panic::set_hook(Box::new(|info| {
        let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
        console_error("Patchbay stopped on a bug (panic) at", file, line, info.payload_as_str().unwrap_or(""));
    }));
}

#[cfg(not(debug_assertions))]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(what: &str, file: &str, line: u32, message: &str);
}

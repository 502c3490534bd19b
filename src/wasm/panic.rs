//! The panic report: a start hook that turns a missed panic into a console
//! line and a banner on the page.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs when the module is instantiated (page or worker; `private`: not an
/// export, so the page cannot call it twice). Every export
/// returns errors instead of panicking; if one panic is ever missed, the
/// object it happened in is poisoned ("recursive use of an object") and the
/// page would silently stop updating, so the hook says so in words.
#[wasm_bindgen(start, private)]
fn start() {
    std::panic::set_hook(Box::new(report_panic));
}

fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    let place = info
        .location()
        .map(|l| format!(" (at {}:{})", l.file(), l.line()))
        .unwrap_or_default();
    let message = format!(
        "Internal error in the W2S core: {what}{place}. Please reload the page; the state is in the link."
    );
    console_error(&message);
    // A worker has no document: the console line is all it can do.
    let _ = show_banner(&message);
}

/// A visible banner at the top of the page (text only, no markup).
fn show_banner(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let banner = match document.get_element_by_id("w2s-panic") {
        Some(banner) => banner,
        None => {
            let banner = document.create_element("div").ok()?;
            banner.set_id("w2s-panic");
            banner.set_attribute("role", "alert").ok()?;
            banner
                .set_attribute(
                    "style",
                    "position:sticky;top:0;z-index:1000;padding:.6rem 1rem;\
                     background:#b42318;color:#fff;font:600 15px/1.4 system-ui,sans-serif",
                )
                .ok()?;
            document.body()?.prepend_with_node_1(&banner).ok()?;
            banner
        }
    };
    banner.set_text_content(Some(message));
    Some(())
}

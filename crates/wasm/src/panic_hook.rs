//! What a panic leaves behind: a `console.error` with the message and stack, and the message
//! kept for the page's error banner (`lastPanic()`), since the exception JavaScript catches from a
//! trapped wasm call only says "unreachable".

use std::sync::{Mutex, Once};
use wasm_bindgen::prelude::*;

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
static INSTALL: Once = Once::new();

/// Installs the panic hook once; later calls do nothing.
pub fn install() {
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = info.to_string();
            match LAST_PANIC.lock() {
                Ok(mut last) => *last = Some(message),
                Err(poisoned) => *poisoned.into_inner() = Some(message),
            }
            console_error_panic_hook::hook(info);
        }));
    });
}

/// Installs the panic hook as soon as the module is initialised.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
fn start() {
    install();
}

/// The message of the last panic, if wasm has panicked. After a panic the module must not be
/// used again; this accessor only reads a string.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    match LAST_PANIC.lock() {
        Ok(last) => last.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

/// Panics with `message`: lets tests check that the page shows a panic instead of freezing.
#[wasm_bindgen(js_name = debugPanic)]
pub fn debug_panic(message: &str) {
    install();
    panic!("{message}");
}

//! cityaudit-web: the browser participant app's backend. `cityaudit-core`
//! compiled to WebAssembly runs inside a Dedicated Worker of the web app
//! (`ui/src/web/backend.worker.ts`) behind the same command names the Tauri
//! shell answers, so every rule, check and document layout is core's.
//!
//! What is the browser's here, and nothing else:
//! - storage: SQLite (rusqlite over sqlite-wasm-rs) on the OPFS "sahpool"
//!   VFS, photos in the same database ([`BlobPlace::Database`]);
//! - the network: a synchronous `XMLHttpRequest`, which browsers allow
//!   inside workers, as core's [`Transport`] (see [`xhr`]).
//!
//! Not a library for other Rust code; on other targets it is empty.

#![cfg(target_arch = "wasm32")]

mod xhr;

use std::path::Path;
use std::sync::Arc;

use wasm_bindgen::prelude::*;

use cityaudit_core::commands::{CommandError, Device};
use cityaudit_core::profile::{Profile, ProfileOptions};
use cityaudit_core::store::BlobPlace;
use cityaudit_core::sync::http::Transport;
use sqlite_wasm_vfs::sahpool::{install, OpfsSAHPoolCfg};

/// The error text thrown to JavaScript: the JSON of a [`CommandError`].
fn thrown(error: CommandError) -> JsValue {
    let json = serde_json::to_string(&error).unwrap_or_else(|_| {
        r#"{"code":"internal","message":"An error could not be described.","details":null}"#
            .to_owned()
    });
    JsValue::from_str(&json)
}

/// One participant's device in the browser.
#[wasm_bindgen]
pub struct WebBackend {
    device: Device,
}

#[wasm_bindgen]
impl WebBackend {
    /// Installs the OPFS storage and opens (or creates) the profile database
    /// `name`. Fails with a coded error when the browser has no OPFS (not a
    /// worker, not a secure context, or an old browser).
    pub async fn open(name: String) -> Result<WebBackend, JsValue> {
        install::<sqlite_wasm_rs::WasmOsCallback>(&OpfsSAHPoolCfg::default(), true)
            .await
            .map_err(|e| {
                thrown(CommandError::new(
                    "storage_unavailable",
                    format!("This browser cannot keep the walk's data: {e}"),
                ))
            })?;
        let transport: Arc<dyn Transport> = Arc::new(xhr::XhrTransport);
        let options = ProfileOptions {
            transport,
            blobs: BlobPlace::Database,
        };
        let profile = Profile::open_with(Path::new(&name), options)
            .map_err(|e| thrown(CommandError::from(e)))?;
        Ok(WebBackend {
            device: Device::new(profile),
        })
    }

    /// Runs a command by name with its JSON arguments; returns its JSON
    /// result or throws the JSON of `{ code, message, details }`.
    pub fn call(
        &mut self,
        command: &str,
        args_json: &str,
        bytes: Option<Vec<u8>>,
    ) -> Result<String, JsValue> {
        self.device
            .call(command, args_json, bytes.as_deref())
            .map_err(thrown)
    }

    /// Runs a command answering with raw bytes (`base_map_range`): a
    /// `Uint8Array` in JavaScript, or throws like [`WebBackend::call`].
    #[wasm_bindgen(js_name = callBytes)]
    pub fn call_bytes(&mut self, command: &str, args_json: &str) -> Result<Vec<u8>, JsValue> {
        self.device.call_bytes(command, args_json).map_err(thrown)
    }

    /// Milliseconds until the next background sync, as core's schedule says.
    #[wasm_bindgen(js_name = nextSyncDelayMs)]
    pub fn next_sync_delay_ms(&self) -> f64 {
        self.device.next_sync_delay().as_millis() as f64
    }
}

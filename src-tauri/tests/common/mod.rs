//! The app on Tauri's mock runtime, shared by the command tests: a real
//! profile folder, the real command handler, requests through IPC.

// Each test file uses the part it needs.
#![allow(dead_code)]

use anyhow::Context;
use serde_json::Value;
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use cityaudit_app::state::AppState;

/// The app with its state in a folder, and its main window.
pub struct App {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// Builds the app over the profile folder `dir`.
pub fn app(dir: &Path) -> anyhow::Result<App> {
    let state = AppState::open(dir, None)?;
    let app = mock_builder()
        .manage(state)
        .invoke_handler(cityaudit_app::handler())
        .build(mock_context(noop_assets()))?;
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build()?;
    Ok(App { _app: app, window })
}

impl App {
    /// Calls a command; its answer, or the error text the UI would show.
    pub fn call(&self, cmd: &str, body: Value) -> Result<Value, String> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        match get_ipc_response(&self.window, request) {
            Ok(body) => Ok(body.deserialize::<Value>().expect("JSON response")),
            // Commands fail with `{ code, message, details }`: the message
            // is what the person reads.
            Err(error) => Err(error
                .get("message")
                .and_then(Value::as_str)
                .or(error.as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| error.to_string())),
        }
    }

    /// Calls a command that must succeed.
    pub fn ok(&self, cmd: &str, body: Value) -> anyhow::Result<Value> {
        self.call(cmd, body)
            .map_err(anyhow::Error::msg)
            .with_context(|| cmd.to_owned())
    }
}

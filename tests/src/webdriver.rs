//! A small W3C WebDriver client over blocking HTTP: just what the
//! end-to-end tests need to drive the app through `tauri-driver`, and the
//! browser app in Chromium through `chromedriver`.
//!
//! Elements are found by CSS selector, usually `[data-testid=…]` (see
//! `ui/README.md`). Every call returns a [`WebDriverError`] naming the
//! command and the driver's own message, so a failing test says what broke.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The key under which W3C drivers return an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How often [`Session::wait_for`] looks again.
const POLL: Duration = Duration::from_millis(50);

/// Why a WebDriver call failed.
#[derive(Debug, thiserror::Error)]
pub enum WebDriverError {
    /// The driver could not be reached or answered something unreadable.
    #[error("{command}: {source}")]
    Http {
        /// The WebDriver command, e.g. `POST /element`.
        command: String,
        /// The transport error.
        source: reqwest::Error,
    },
    /// The driver answered with a W3C error.
    #[error("{command}: {error}: {message}")]
    Driver {
        /// The WebDriver command.
        command: String,
        /// The W3C error code, e.g. `no such element`.
        error: String,
        /// The driver's message.
        message: String,
    },
    /// The answer lacked what the command returns.
    #[error("{command}: unexpected answer {value}")]
    Unexpected {
        /// The WebDriver command.
        command: String,
        /// What came back.
        value: Value,
    },
    /// Nothing matched before the time ran out.
    #[error("timed out after {waited:?} waiting for {what}")]
    Timeout {
        /// What was awaited.
        what: String,
        /// How long.
        waited: Duration,
    },
    /// A screenshot could not be decoded or written.
    #[error("screenshot to {path}: {reason}")]
    Screenshot {
        /// Where it was to go.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

/// The CSS selector of a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// An open WebDriver session: one launched app window.
pub struct Session {
    http: Client,
    base: String,
}

/// A reference to an element in the session's page.
pub struct Element<'a> {
    session: &'a Session,
    id: String,
}

impl Session {
    /// Starts a session on a `tauri-driver` at `driver_url`, launching the
    /// app binary at `application` (absolute path).
    pub fn start(driver_url: &str, application: &Path) -> Result<Self, WebDriverError> {
        let session = Self::create(
            driver_url,
            json!({ "tauri:options": { "application": application.to_string_lossy() } }),
        )?;
        session.check_embedded_ui()?;
        Ok(session)
    }

    /// Starts a browser session on a `chromedriver` at `driver_url`;
    /// `capabilities` are the session's `alwaysMatch` capabilities (e.g.
    /// `browserName` and `goog:chromeOptions`). The browser opens a blank page.
    pub fn start_chrome(driver_url: &str, capabilities: Value) -> Result<Self, WebDriverError> {
        Self::create(driver_url, capabilities)
    }

    fn create(driver_url: &str, always_match: Value) -> Result<Self, WebDriverError> {
        let http = Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|source| WebDriverError::Http {
                command: "client".into(),
                source,
            })?;
        let capabilities = json!({ "capabilities": { "alwaysMatch": always_match } });
        let value = call(
            &http,
            "POST",
            &format!("{driver_url}/session"),
            Some(&capabilities),
        )?;
        let id = value
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| WebDriverError::Unexpected {
                command: "POST /session".into(),
                value: value.clone(),
            })?;
        Ok(Session {
            http,
            base: format!("{driver_url}/session/{id}"),
        })
    }

    /// A build without `tauri/custom-protocol` (the app's manifest turns it
    /// on) loads a dev server's URL instead of the embedded UI: say so rather
    /// than time out later.
    fn check_embedded_ui(&self) -> Result<(), WebDriverError> {
        let url = self.send("GET", "/url", None)?;
        let url = url.as_str().unwrap_or_default();
        if url.starts_with("http://localhost:") {
            return Err(WebDriverError::Unexpected {
                command: "GET /url".into(),
                value: Value::String(format!(
                    "the app opened {url}, not its embedded UI: build it \
                     with `cargo build -p cityaudit-app` from this workspace"
                )),
            });
        }
        Ok(())
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, WebDriverError> {
        call(&self.http, method, &format!("{}{path}", self.base), body)
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element<'_>, WebDriverError> {
        let value = self.send(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        self.element(value, "POST /element")
    }

    /// Every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>, WebDriverError> {
        let value = self.send(
            "POST",
            "/elements",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        let Value::Array(items) = value else {
            return Err(WebDriverError::Unexpected {
                command: "POST /elements".into(),
                value,
            });
        };
        items
            .into_iter()
            .map(|item| self.element(item, "POST /elements"))
            .collect()
    }

    fn element(&self, value: Value, command: &str) -> Result<Element<'_>, WebDriverError> {
        match value.get(ELEMENT_KEY).and_then(Value::as_str) {
            Some(id) => Ok(Element {
                session: self,
                id: id.to_owned(),
            }),
            None => Err(WebDriverError::Unexpected {
                command: command.into(),
                value,
            }),
        }
    }

    /// The element with this `data-testid`.
    pub fn by_testid(&self, id: &str) -> Result<Element<'_>, WebDriverError> {
        self.find(&testid(id))
    }

    /// Waits until an element matches the CSS selector, then returns it.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element<'_>, WebDriverError> {
        let start = Instant::now();
        loop {
            match self.find(css) {
                Ok(element) => return Ok(element),
                Err(WebDriverError::Driver { error, .. }) if error == "no such element" => {}
                Err(other) => return Err(other),
            }
            if start.elapsed() > timeout {
                return Err(WebDriverError::Timeout {
                    what: css.to_owned(),
                    waited: timeout,
                });
            }
            sleep(POLL);
        }
    }

    /// Waits until `check` returns `Some`, polling; `what` names it in the error.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&Session) -> Result<Option<T>, WebDriverError>,
    ) -> Result<T, WebDriverError> {
        let start = Instant::now();
        loop {
            match check(self) {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                // The page may re-render between finding and reading an element.
                Err(WebDriverError::Driver { error, .. })
                    if error == "no such element" || error == "stale element reference" => {}
                Err(other) => return Err(other),
            }
            if start.elapsed() > timeout {
                return Err(WebDriverError::Timeout {
                    what: what.to_owned(),
                    waited: timeout,
                });
            }
            sleep(POLL);
        }
    }

    /// Runs a synchronous script in the page; `arguments` are passed as `arguments[i]`.
    pub fn execute(&self, script: &str, arguments: Vec<Value>) -> Result<Value, WebDriverError> {
        self.send(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": arguments })),
        )
    }

    /// Runs an asynchronous script; it finishes by calling `arguments[arguments.length - 1]`.
    pub fn execute_async(
        &self,
        script: &str,
        arguments: Vec<Value>,
    ) -> Result<Value, WebDriverError> {
        self.send(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": arguments })),
        )
    }

    /// Presses keys on whatever has the focus, as a keyboard does (W3C
    /// actions: each key down then up; `chord` keys held around the rest,
    /// e.g. Shift for Shift+Tab). Keys are characters or WebDriver's key
    /// codes (`\u{E004}` Tab, `\u{E007}` Enter, `\u{E015}` arrow down).
    pub fn keys(&self, chord: &[&str], keys: &str) -> Result<(), WebDriverError> {
        let mut actions = Vec::new();
        for key in chord {
            actions.push(json!({ "type": "keyDown", "value": key }));
        }
        for key in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        for key in chord.iter().rev() {
            actions.push(json!({ "type": "keyUp", "value": key }));
        }
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.send("POST", "/actions", Some(&body)).map(|_| ())
    }

    /// A PNG screenshot of the window, as bytes.
    pub fn screenshot_png(&self) -> Result<Vec<u8>, WebDriverError> {
        let value = self.send("GET", "/screenshot", None)?;
        let fail = |reason: String| WebDriverError::Screenshot {
            path: "(in memory)".into(),
            reason,
        };
        let encoded = value
            .as_str()
            .ok_or_else(|| fail("the driver sent no image".into()))?;
        BASE64
            .decode(encoded)
            .map_err(|error| fail(error.to_string()))
    }

    /// Saves a PNG screenshot of the window.
    pub fn screenshot(&self, path: &Path) -> Result<(), WebDriverError> {
        let bytes = self.screenshot_png()?;
        let fail = |reason: String| WebDriverError::Screenshot {
            path: path.display().to_string(),
            reason,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| fail(error.to_string()))?;
        }
        std::fs::write(path, bytes).map_err(|error| fail(error.to_string()))
    }

    /// Sets the window's size in CSS pixels.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), WebDriverError> {
        self.send(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        )
        .map(|_| ())
    }

    /// Opens `url` in the session's window and waits until the page has loaded.
    pub fn navigate(&self, url: &str) -> Result<(), WebDriverError> {
        self.send("POST", "/url", Some(&json!({ "url": url })))
            .map(|_| ())
    }

    /// Reloads the page and waits until it has loaded.
    pub fn refresh(&self) -> Result<(), WebDriverError> {
        self.send("POST", "/refresh", Some(&json!({}))).map(|_| ())
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver
    /// (`goog/cdp/execute`, Chromium only), e.g.
    /// `Page.addScriptToEvaluateOnNewDocument`; returns its result.
    pub fn chrome_devtools(&self, command: &str, params: Value) -> Result<Value, WebDriverError> {
        self.send(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({ "cmd": command, "params": params })),
        )
    }

    /// Ends the session, closing the app.
    pub fn quit(self) -> Result<(), WebDriverError> {
        self.send("DELETE", "", None).map(|_| ())
    }
}

impl Element<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    /// The reference to pass as a script argument.
    pub fn as_argument(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// Clicks the element (scrolled into view by the driver).
    pub fn click(&self) -> Result<(), WebDriverError> {
        self.session
            .send("POST", &self.path("/click"), Some(&json!({})))
            .map(|_| ())
    }

    /// Types text into the element.
    pub fn send_keys(&self, text: &str) -> Result<(), WebDriverError> {
        self.session
            .send("POST", &self.path("/value"), Some(&json!({ "text": text })))
            .map(|_| ())
    }

    /// Empties an input or text area.
    pub fn clear(&self) -> Result<(), WebDriverError> {
        self.session
            .send("POST", &self.path("/clear"), Some(&json!({})))
            .map(|_| ())
    }

    /// The rendered text.
    pub fn text(&self) -> Result<String, WebDriverError> {
        let value = self.session.send("GET", &self.path("/text"), None)?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// An attribute's value, `None` when absent.
    pub fn attribute(&self, name: &str) -> Result<Option<String>, WebDriverError> {
        let value = self
            .session
            .send("GET", &self.path(&format!("/attribute/{name}")), None)?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// A DOM property (e.g. `value`, `checked`).
    pub fn property(&self, name: &str) -> Result<Value, WebDriverError> {
        self.session
            .send("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// Whether a checkbox, radio button or option is selected.
    pub fn is_selected(&self) -> Result<bool, WebDriverError> {
        let value = self.session.send("GET", &self.path("/selected"), None)?;
        Ok(value.as_bool().unwrap_or(false))
    }
}

/// One WebDriver request; unwraps the `value` of the answer.
fn call(
    http: &Client,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, WebDriverError> {
    let command = format!("{method} {}", url.split("/session").last().unwrap_or(url));
    let http_error = |source| WebDriverError::Http {
        command: command.clone(),
        source,
    };
    let request = match method {
        "GET" => http.get(url),
        "DELETE" => http.delete(url),
        _ => http.post(url).json(body.unwrap_or(&json!({}))),
    };
    let response = request.send().map_err(http_error)?;
    let status = response.status();
    let answer: Value = response.json().map_err(http_error)?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(WebDriverError::Driver {
            command,
            error: value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("unknown error")
                .to_owned(),
            message: value
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        });
    }
    Ok(value)
}

//! Accessibility checks in a real browser (`tests/tests/a11y_screens.rs`,
//! `tests/tests/e2e_web_keyboard.rs`): axe-core's WCAG 2.2 AA rules, touch
//! target sizes, text alternatives of maps and charts, and visible focus;
//! and the UI's `vite` dev server, whose stand-in backend
//! (`ui/src/dev/mockBackend.ts`) renders every screen of both roles.
//!
//! axe-core comes from `ui/node_modules` (a dev dependency of the UI, so
//! nothing is fetched from a CDN). Missing pieces are errors that say what
//! to run, never a silent skip.

use anyhow::{bail, Context, Result};
use reqwest::blocking::Client;
use serde::Deserialize;
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::browser::repo_root;
use crate::desktop::{free_port, installed_tool};
use crate::webdriver::Session;

/// The smallest touch target, CSS px (WCAG 2.5.5 AAA, the project's rule).
pub const MIN_TARGET: u32 = 44;

const AXE_RUN: &str = include_str!("a11y/axe_run.js");
const TARGETS: &str = include_str!("a11y/targets.js");
const ALTERNATIVES: &str = include_str!("a11y/alternatives.js");
const FOCUS: &str = include_str!("a11y/focus.js");

/// `ui/node_modules`, checked to hold what these checks need.
fn node_modules() -> Result<PathBuf> {
    let dir = repo_root().join("ui/node_modules");
    for needed in ["axe-core/axe.min.js", "vite/bin/vite.js"] {
        if !dir.join(needed).is_file() {
            bail!(
                "{} has no {needed}: run `npm ci` in ui/ (scripts/test does)",
                dir.display()
            );
        }
    }
    Ok(dir)
}

/// The UI's `vite` dev server on a free loopback port, serving `ui/` with
/// the stand-in backend; stopped (its whole process group) when dropped.
pub struct DevServer {
    child: Child,
    /// Its address, e.g. `http://127.0.0.1:40112`.
    pub url: String,
}

impl DevServer {
    /// Starts it and waits until it serves the page and the app's entry module.
    pub fn start() -> Result<Self> {
        let modules = node_modules()?;
        let node = installed_tool("node", "apt-get install nodejs npm")?;
        let port = free_port()?;
        let child = Command::new(node)
            .arg(modules.join("vite/bin/vite.js"))
            .args(["--host", "127.0.0.1", "--strictPort", "--port"])
            .arg(port.to_string())
            .current_dir(repo_root().join("ui"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting the vite dev server")?;
        let server = DevServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let http = Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let ready = ["/", "/src/main.tsx"].iter().all(|path| {
                http.get(format!("{}{path}", server.url))
                    .send()
                    .is_ok_and(|r| r.status().is_success())
            });
            if ready {
                return Ok(server);
            }
            sleep(Duration::from_millis(100));
        }
        bail!(
            "the vite dev server did not answer on {} within 60 s",
            server.url
        )
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: signals the process group this test started; no memory is shared.
            unsafe {
                libc::killpg(pid, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
    }
}

/// One element axe-core found failing a rule.
#[derive(Debug, Deserialize)]
pub struct Node {
    /// Its CSS selector.
    pub target: String,
    /// What to fix, in axe's words.
    pub summary: String,
}

/// A rule the page breaks, with every element that breaks it.
#[derive(Debug, Deserialize)]
pub struct Violation {
    /// axe-core's rule id, e.g. `color-contrast`.
    pub rule: String,
    /// minor, moderate, serious or critical.
    pub impact: Option<String>,
    /// The rule in a sentence.
    pub help: String,
    /// The failing elements.
    pub nodes: Vec<Node>,
}

/// What axe-core found on a page.
#[derive(Debug, Deserialize)]
pub struct AxeReport {
    /// The violations (none is the goal).
    pub violations: Vec<Violation>,
    /// Map marks spared the target-size rule because the page lists their
    /// places with large buttons (WCAG 2.5.8's "equivalent" exception).
    pub excepted: usize,
}

impl AxeReport {
    /// How many elements fail, over all rules.
    pub fn count(&self) -> usize {
        self.violations.iter().map(|v| v.nodes.len()).sum()
    }

    /// Each violation as "rule (impact): help" and its elements, one a line.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for v in &self.violations {
            let impact = v.impact.as_deref().unwrap_or("?");
            out.push_str(&format!("  {} ({impact}): {}\n", v.rule, v.help));
            for node in &v.nodes {
                let summary = node.summary.replace('\n', " ");
                out.push_str(&format!("    {}: {summary}\n", node.target));
            }
        }
        out
    }
}

/// Runs axe-core on the page with the WCAG 2.0/2.1/2.2 A and AA rules.
pub fn axe(session: &Session) -> Result<AxeReport> {
    let source = std::fs::read_to_string(node_modules()?.join("axe-core/axe.min.js"))?;
    let value = session
        .execute_async(AXE_RUN, vec![json!(source)])
        .context("running axe-core")?;
    if let Some(error) = value.get("error") {
        bail!("axe-core failed: {error}");
    }
    serde_json::from_value(value).context("reading axe-core's answer")
}

/// Interactive elements smaller than [`MIN_TARGET`] px either way (inline links exempt).
pub fn small_targets(session: &Session) -> Result<Vec<String>> {
    strings(session.execute(TARGETS, vec![json!(MIN_TARGET)])?)
}

/// Maps, charts and images on the page without their text alternative.
pub fn missing_alternatives(session: &Session) -> Result<Vec<String>> {
    strings(session.execute(ALTERNATIVES, vec![])?)
}

/// The focused element and the focus indicator it shows.
#[derive(Debug, Deserialize)]
pub struct Focus {
    /// Its test id, or its tag and text.
    pub what: String,
    /// An outline or a box-shadow ring is drawn.
    pub visible: bool,
    /// The indicator's computed style.
    pub outline: String,
}

/// What has the keyboard focus now, and whether the focus can be seen.
pub fn focus(session: &Session) -> Result<Focus> {
    serde_json::from_value(session.execute(FOCUS, vec![])?).context("reading the focus")
}

fn strings(value: Value) -> Result<Vec<String>> {
    serde_json::from_value(value).context("expected a list of strings")
}

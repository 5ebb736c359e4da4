//! The browser participant app in a real Chromium with a phone's screen,
//! for `tests/tests/e2e_web.rs` and the `webbench` figures: the sync server
//! serving `ui/dist-web` at `/app/`, an audit with a browser invite link,
//! `chromedriver`, phone-emulating sessions on a profile folder that
//! outlives them, and a browser crash (every process of that profile killed
//! with SIGKILL, no clean quit).
//!
//! Missing pieces (the build, Chromium, chromedriver) are errors that say
//! what to run, never a silent skip.

use anyhow::{bail, ensure, Context, Result};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use cityaudit_core::ids::DocumentId;

use crate::desktop::{free_port, installed_tool};
use crate::server::{admin, create_audit, create_facilitator, Server};
use crate::webdriver::{testid, Session, WebDriverError};
use crate::window::{tap, SHORT};

/// The emulated phone's viewport in CSS pixels (an iPhone 14 / Pixel 8 class screen).
pub const PHONE_WIDTH: u32 = 390;
/// See [`PHONE_WIDTH`].
pub const PHONE_HEIGHT: u32 = 844;
/// A phone browser's user agent, so the app sees a phone.
pub const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) \
     AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

/// The workspace folder (the parent of `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `ui/dist-web`, the browser app's build, checked to be whole: the page,
/// the service worker and the WebAssembly core.
pub fn web_app_dir() -> Result<PathBuf> {
    let dir = repo_root().join("ui/dist-web");
    let missing = |what: &str| {
        anyhow::anyhow!(
            "{} has no {what}: build the browser app first with ./scripts/build-web \
             (scripts/test does this before the Rust tests)",
            dir.display()
        )
    };
    if !dir.join("index.html").is_file() {
        return Err(missing("index.html"));
    }
    if !dir.join("sw.js").is_file() {
        return Err(missing("sw.js (the service worker)"));
    }
    let wasm = std::fs::read_dir(dir.join("assets"))
        .map_err(|_| missing("assets/ folder"))?
        .filter_map(|entry| entry.ok())
        .any(|entry| entry.file_name().to_string_lossy().ends_with(".wasm"));
    if !wasm {
        return Err(missing("WebAssembly module in assets/"));
    }
    Ok(dir)
}

/// Starts the real `cityaudit-sync` on `listen` (e.g. `127.0.0.1:0`, or the
/// address of an earlier run) with `data`, serving the browser app in `app`.
pub fn serve_app(data: &Path, listen: &str, app: &Path) -> Result<Server> {
    let app = app.to_str().context("the app folder's path is not UTF-8")?;
    Server::start_with(data, listen, &["--app-dir", app])
}

/// A facilitator, an audit with the INTEGRA checklist and photovoice, and a
/// participant invite, made as a facilitator would.
pub struct WebAudit {
    /// The facilitator's token.
    pub facilitator: String,
    /// The audit.
    pub audit: DocumentId,
    /// The invite code.
    pub code: String,
    /// The browser link `create-invite` printed: `http://HOST/app/join?code=CODE`.
    pub link: String,
}

impl WebAudit {
    /// Creates them on `server` with the admin command and the HTTP API.
    pub fn create(server: &Server, title: &str) -> Result<Self> {
        Self::create_for(server, title, &server.url)
    }

    /// Like [`WebAudit::create`], with the invite's link naming `public_url`
    /// (a proxy in front of the server) instead of the server's own address.
    pub fn create_for(server: &Server, title: &str, public_url: &str) -> Result<Self> {
        let facilitator = create_facilitator(&server.data, "Walk lead")?;
        let audit = create_audit(&Client::new(), &server.url, &facilitator, title)?;
        let printed = admin(
            &server.data,
            &[
                "create-invite",
                "--audit",
                audit.as_str(),
                "--role",
                "participant",
                "--max-uses",
                "5",
                "--server-url",
                public_url,
            ],
        )?;
        let code = printed
            .lines()
            .next()
            .context("create-invite printed no code")?
            .trim()
            .to_owned();
        let link = printed
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with(&format!("{public_url}/app/join?")))
            .with_context(|| format!("create-invite printed no browser link: {printed}"))?
            .to_owned();
        ensure!(
            link.ends_with(&format!("code={code}")),
            "the browser link {link:?} carries the code {code}"
        );
        Ok(WebAudit {
            facilitator,
            audit,
            code,
            link,
        })
    }
}

/// The `alwaysMatch` capabilities of a Chromium session that looks like a
/// phone to the page (390x844 CSS px at 3x, touch, a phone's user agent),
/// headless, with its profile (OPFS, service worker, caches) in `profile`.
pub fn phone_capabilities(chromium: &Path, profile: &Path) -> Value {
    json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": [
                "--headless=new",
                "--no-sandbox",
                format!("--user-data-dir={}", profile.display()),
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-gpu",
            ],
            "mobileEmulation": {
                "deviceMetrics": {
                    "width": PHONE_WIDTH,
                    "height": PHONE_HEIGHT,
                    "pixelRatio": 3.0,
                    "touch": true,
                },
                "userAgent": PHONE_USER_AGENT,
            },
        },
    })
}

/// `chromedriver` on a free loopback port, in its own process group, which
/// is ended whole when dropped (with any browser it started).
pub struct ChromeDriver {
    child: Child,
    chromium: PathBuf,
    /// The WebDriver endpoint, e.g. `http://127.0.0.1:40111`.
    pub url: String,
}

impl ChromeDriver {
    /// Starts chromedriver and waits until it answers.
    pub fn start() -> Result<Self> {
        let how = "apt-get install chromium chromium-driver";
        let chromedriver = installed_tool("chromedriver", how)?;
        let chromium = installed_tool("chromium", how)?;
        let port = free_port()?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver")?;
        let driver = ChromeDriver {
            child,
            chromium,
            url: format!("http://127.0.0.1:{port}"),
        };
        let http = Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let ready = http
                .get(format!("{}/status", driver.url))
                .send()
                .ok()
                .and_then(|r| r.json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == json!(true));
            if ready {
                return Ok(driver);
            }
            sleep(Duration::from_millis(50));
        }
        bail!("chromedriver did not answer on {} within 20 s", driver.url)
    }

    /// Opens a phone-emulating Chromium whose profile is `profile` (created
    /// if missing; the same folder again finds the earlier data). Grants the
    /// origin `app_origin` persistent storage, as a phone does for an app on
    /// its home screen, so the page is not covered by the storage notice.
    pub fn phone(&self, profile: &Path, app_origin: &str) -> Result<Session> {
        ensure!(
            !profile.to_string_lossy().contains(char::is_whitespace),
            "the profile folder {} must have no spaces (crash_browser finds its processes by it)",
            profile.display()
        );
        std::fs::create_dir_all(profile)?;
        let session = Session::start_chrome(&self.url, phone_capabilities(&self.chromium, profile))
            .context("starting Chromium through chromedriver")?;
        session
            .chrome_devtools(
                "Browser.grantPermissions",
                json!({ "origin": app_origin, "permissions": ["durableStorage"] }),
            )
            .context("granting persistent storage")?;
        Ok(session)
    }
}

impl ChromeDriver {
    /// Opens a headless Chromium with a laptop's window of `width` x
    /// `height` CSS px and a fresh profile (the facilitator's screens).
    pub fn laptop(&self, width: u32, height: u32) -> Result<Session> {
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.chromium.to_string_lossy(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--no-first-run",
                    "--disable-gpu",
                    format!("--window-size={width},{height}"),
                ],
            },
        });
        Session::start_chrome(&self.url, capabilities)
            .context("starting Chromium through chromedriver")
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: signals the process group this program started; no memory is shared.
            unsafe {
                libc::killpg(pid, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
    }
}

/// Process ids of every live process whose command line holds
/// `--user-data-dir=PROFILE`: the browser, its zygotes, GPU, utility and
/// renderer processes.
pub fn browser_processes(profile: &Path) -> Result<Vec<libc::pid_t>> {
    let wanted = format!("--user-data-dir={}", profile.display());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").context("listing /proc")? {
        let Ok(entry) = entry else { continue };
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        // Processes come and go while we look; a vanished one is skipped.
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        // Chromium's child processes rewrite their command line into one
        // space-separated string, so arguments are split on spaces too
        // (the profile folder is a temporary one, without spaces).
        if cmdline
            .split(|byte| *byte == 0 || *byte == b' ')
            .any(|arg| arg == wanted.as_bytes())
        {
            found.push(pid);
        }
    }
    Ok(found)
}

/// Crashes the browser: SIGKILLs every process of the profile (nothing is
/// flushed, no clean quit) until none is left; returns how many were killed.
pub fn crash_browser(profile: &Path) -> Result<usize> {
    let mut killed = 0;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pids = browser_processes(profile)?;
        if pids.is_empty() {
            ensure!(
                killed > 0,
                "no Chromium process runs with the profile {}",
                profile.display()
            );
            return Ok(killed);
        }
        ensure!(
            Instant::now() < deadline,
            "Chromium processes {pids:?} survived SIGKILL for 10 s"
        );
        for pid in pids {
            // SAFETY: signals a browser process this test started (found by
            // its profile folder, a fresh temporary folder); no memory is shared.
            if unsafe { libc::kill(pid, libc::SIGKILL) } == 0 {
                killed += 1;
            }
        }
        sleep(Duration::from_millis(50));
    }
}

/// Taps the element with `data-testid` `id` as a thumb would: scrolled to
/// the middle of the screen (clear of the sticky sync bar and the bottom
/// navigation), then a real click through the driver.
pub fn press(session: &Session, id: &str) -> Result<()> {
    let element = session
        .wait_for(&testid(id), SHORT)
        .with_context(|| format!("finding {id}"))?;
    session.execute(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center'})",
        vec![element.as_argument()],
    )?;
    tap(session, &element).with_context(|| format!("tapping {id}"))
}

/// True when the page's element `id` has `aria-pressed="true"`.
pub fn is_pressed(session: &Session, id: &str) -> Result<bool, WebDriverError> {
    Ok(session
        .find(&testid(id))?
        .attribute("aria-pressed")?
        .as_deref()
        == Some("true"))
}

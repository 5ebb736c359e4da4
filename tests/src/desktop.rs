//! The processes an end-to-end test of the desktop app runs: a virtual X
//! display and `tauri-driver` (the sync server is in `server`). Each is
//! stopped when dropped. A missing tool is an error that says how to get it,
//! never a silent skip.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The cargo target folder the running test was built into (`target/debug`).
pub fn build_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the test binary")?;
    // target/debug/deps/<test> -> target/debug
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("the test binary is not inside a cargo target folder")
}

/// A binary built from this workspace, e.g. `cityaudit` or `cityaudit-sync`.
pub fn workspace_binary(name: &str, package: &str) -> Result<PathBuf> {
    let path = build_dir()?.join(name);
    if !path.is_file() {
        bail!(
            "{} is missing: build it first with `cargo build -p {package}` \
             (scripts/test does this)",
            path.display()
        );
    }
    Ok(path)
}

/// A tool installed on the machine: on PATH or in cargo's bin folder.
pub fn installed_tool(name: &str, how: &str) -> Result<PathBuf> {
    let mut places: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        places.push(PathBuf::from(home).join(".cargo/bin"));
    }
    places
        .into_iter()
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .with_context(|| format!("{name} is not installed: {how} (scripts/test installs it)"))
}

/// A free loopback TCP port (free when asked; taken soon after).
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A child process in its own process group, which is ended whole on drop:
/// `tauri-driver` starts WebKitWebDriver, which starts the app.
struct Group(Child);

impl Group {
    fn spawn(command: &mut Command) -> std::io::Result<Self> {
        command.process_group(0).spawn().map(Group)
    }

    fn end(&mut self) {
        if let Ok(pid) = libc::pid_t::try_from(self.0.id()) {
            // SAFETY: signals the process group this test started; no memory is shared.
            unsafe {
                libc::killpg(pid, libc::SIGTERM);
            }
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.0.try_wait() {
                    // The group leader is gone; make sure its children are too.
                    // SAFETY: as above.
                    unsafe {
                        libc::killpg(pid, libc::SIGKILL);
                    }
                    return;
                }
                sleep(Duration::from_millis(20));
            }
            // SAFETY: as above.
            unsafe {
                libc::killpg(pid, libc::SIGKILL);
            }
        }
        let _ = self.0.wait();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.end();
    }
}

/// A virtual X display from `Xvfb`, on a display number it picks itself.
pub struct VirtualDisplay {
    process: Group,
    /// The value for `DISPLAY`, e.g. `:3`.
    pub display: String,
}

impl VirtualDisplay {
    /// Starts Xvfb with a screen large enough for a phone-sized window.
    pub fn start() -> Result<Self> {
        let xvfb = installed_tool("Xvfb", "apt-get install xvfb")?;
        let mut process = Group::spawn(
            Command::new(xvfb)
                .args([
                    "-displayfd",
                    "1",
                    "-screen",
                    "0",
                    "1280x1024x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .context("starting Xvfb")?;
        let stdout = process.0.stdout.take().context("Xvfb stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .context("reading Xvfb's display number")?;
        let number: u32 = line
            .trim()
            .parse()
            .with_context(|| format!("Xvfb did not report a display number: {line:?}"))?;
        Ok(VirtualDisplay {
            process,
            display: format!(":{number}"),
        })
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        self.process.end();
    }
}

/// `tauri-driver` on a free port; the apps it launches inherit `env`.
pub struct Driver {
    process: Group,
    /// Base URL of the WebDriver endpoint.
    pub url: String,
}

impl Driver {
    /// Starts tauri-driver on `display` and waits until it answers. The
    /// WebView's own storage (localStorage, caches) goes under `web_home`, so
    /// no run sees what an earlier run left, e.g. a chosen language.
    pub fn start(display: &VirtualDisplay, web_home: &Path, env: &[(&str, &Path)]) -> Result<Self> {
        let tauri_driver = installed_tool(
            "tauri-driver",
            "cargo install tauri-driver --version '^2' --locked",
        )?;
        installed_tool("WebKitWebDriver", "apt-get install webkit2gtk-driver")?;
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(tauri_driver);
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DISPLAY", &display.display)
            // Software rendering: Xvfb has no GPU, and WebKit's DMA-BUF renderer fails without one.
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for folder in ["XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"] {
            let path = web_home.join(folder.to_lowercase());
            std::fs::create_dir_all(&path)?;
            command.env(folder, path);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let process = Group::spawn(&mut command).context("starting tauri-driver")?;
        let driver = Driver {
            process,
            url: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::blocking::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if http
                .get(format!("{}/status", driver.url))
                .send()
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(driver);
            }
            sleep(Duration::from_millis(50));
        }
        bail!("tauri-driver did not answer on {} within 20 s", driver.url)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.process.end();
    }
}

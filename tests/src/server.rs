//! The real `cityaudit-sync` binary, started on a free loopback port with a
//! data folder, and its admin command.
//!
//! The binary is looked up beside the running test executable
//! (`target/<profile>/cityaudit-sync`), where `cargo test --workspace`
//! builds it; `CITYAUDIT_SYNC_BIN` overrides the path.

use anyhow::{bail, Context, Result};
use reqwest::blocking::Client;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{NewAudit, TemplateChoice};
use cityaudit_core::sync::protocol::CreateAuditResponse;

/// Path of the `cityaudit-sync` binary.
pub fn binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CITYAUDIT_SYNC_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()?;
    let name = format!("cityaudit-sync{}", std::env::consts::EXE_SUFFIX);
    for dir in exe.ancestors().skip(1).take(3) {
        let candidate = dir.join(&name);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    bail!(
        "cityaudit-sync not found beside {}: build it first (cargo build -p cityaudit-sync, \
         or run cargo test --workspace)",
        exe.display()
    )
}

/// A running server, killed when dropped.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    /// Its data folder.
    pub data: PathBuf,
}

impl Server {
    /// Starts the server on a free loopback port.
    pub fn start(data: &Path) -> Result<Self> {
        Self::start_on(data, "127.0.0.1:0")
    }

    /// Starts the server on `listen` (e.g. the address of an earlier run).
    pub fn start_on(data: &Path, listen: &str) -> Result<Self> {
        Self::start_with(data, listen, &[])
    }

    /// Starts the server on `listen` with extra arguments for `serve`
    /// (e.g. `["--database", url]`).
    pub fn start_with(data: &Path, listen: &str, extra: &[&str]) -> Result<Self> {
        let mut child = Command::new(binary()?)
            .args(["serve", "--listen", listen, "--data"])
            .arg(data)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting cityaudit-sync")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(url) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            bail!("unexpected first line from the server: {line:?}");
        };
        Ok(Server {
            url: url.to_owned(),
            child,
            data: data.to_owned(),
        })
    }

    /// `host:port` the server listens on.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Kills the server at once (SIGKILL on Unix): nothing is flushed.
    pub fn kill(mut self) -> Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// Stops the server as a service manager would (SIGTERM); true on a clean exit.
    #[cfg(unix)]
    pub fn terminate(mut self) -> Result<bool> {
        let pid = libc::pid_t::try_from(self.child.id())?;
        // SAFETY: signals the child this process started; no memory is shared.
        if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
            bail!("kill failed: {}", std::io::Error::last_os_error());
        }
        Ok(self.child.wait()?.success())
    }

    /// Stops the server (no SIGTERM off Unix).
    #[cfg(not(unix))]
    pub fn terminate(self) -> Result<bool> {
        self.kill()?;
        Ok(true)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `cityaudit-sync admin --data DATA ARGS…` and returns its stdout.
pub fn admin(data: &Path, args: &[&str]) -> Result<String> {
    admin_with(data, &[], args)
}

/// Runs `cityaudit-sync admin --data DATA EXTRA… ARGS…` (e.g. EXTRA =
/// `["--database", url]`) and returns its stdout.
pub fn admin_with(data: &Path, extra: &[&str], args: &[&str]) -> Result<String> {
    let output = Command::new(binary()?)
        .arg("admin")
        .arg("--data")
        .arg(data)
        .args(extra)
        .args(args)
        .output()?;
    if !output.status.success() {
        bail!(
            "admin {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// A facilitator token made with the admin command.
pub fn create_facilitator(data: &Path, name: &str) -> Result<String> {
    Ok(admin(data, &["create-facilitator", "--name", name])?
        .trim()
        .to_owned())
}

/// A participant invite code for `audit` made with the admin command.
pub fn participant_invite(data: &Path, audit: &DocumentId, max_uses: u32) -> Result<String> {
    let uses = max_uses.to_string();
    let out = admin(
        data,
        &[
            "create-invite",
            "--audit",
            audit.as_str(),
            "--role",
            "participant",
            "--max-uses",
            &uses,
        ],
    )?;
    Ok(out.lines().next().context("invite code line")?.to_owned())
}

/// A small audit with both templates.
pub fn new_audit(title: &str) -> NewAudit {
    NewAudit {
        title: title.into(),
        city: "Sofia".into(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-01".into(),
        meeting_point: "Town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    }
}

/// Creates an audit over HTTP with a facilitator token.
pub fn create_audit(http: &Client, url: &str, token: &str, title: &str) -> Result<DocumentId> {
    let response = http
        .post(format!("{url}/v1/audits"))
        .bearer_auth(token)
        .json(&new_audit(title))
        .send()?;
    if !response.status().is_success() {
        bail!("create audit answered {}", response.status());
    }
    Ok(response.json::<CreateAuditResponse>()?.audit_id)
}

//! The real server binary for tests: started on a free loopback port,
//! stopped when dropped; and its admin command.
#![allow(dead_code)]

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_cityaudit-sync");

/// The server process, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Server {
    /// Starts `serve` on a free loopback port with `data` and `args`.
    pub fn start(data: &Path, args: &[&str]) -> Result<Self> {
        Self::spawn(Command::new(BIN), data, args)
    }

    /// Starts `serve` unable to write any file past `max_file_bytes`, as on
    /// a full disk: writes past it fail (`EFBIG`) instead of stopping the
    /// process.
    #[cfg(unix)]
    pub fn start_with_file_limit(data: &Path, max_file_bytes: u64) -> Result<Self> {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(BIN);
        // SAFETY: between fork and exec only setrlimit and signal run, both
        // async-signal-safe; nothing is allocated.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: max_file_bytes,
                    rlim_max: max_file_bytes,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
        Self::spawn(command, data, &[])
    }

    fn spawn(mut command: Command, data: &Path, args: &[&str]) -> Result<Self> {
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the server")?;
        let stdout = child.stdout.take().context("stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| format!("unexpected first line {line:?}"))?
            .to_owned();
        Ok(Server { child, url })
    }

    /// Asks the server to stop as a service manager would; true when it
    /// exited cleanly.
    #[cfg(unix)]
    pub fn terminate(mut self) -> Result<bool> {
        let pid = libc::pid_t::try_from(self.child.id())?;
        // SAFETY: sends a signal to the child this test started; no memory is shared.
        if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
            bail!("kill failed: {}", std::io::Error::last_os_error());
        }
        Ok(self.child.wait()?.success())
    }

    #[cfg(not(unix))]
    pub fn terminate(mut self) -> Result<bool> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(true)
    }
}

impl Server {
    /// `127.0.0.1:PORT`, for raw sockets.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs an admin command on `data` and returns its output.
pub fn admin(data: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new(BIN)
        .arg("admin")
        .arg("--data")
        .arg(data)
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

//! A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary
//! folder, `pg_ctl start` on a free loopback port with its unix socket in
//! that folder, stopped and deleted when dropped.
//!
//! The server programs are looked up in `PG_BIN`, then in Debian's
//! `/usr/lib/postgresql/<version>/bin`, then on `PATH`. When they are
//! missing, [`Cluster::start`] fails with a message saying how to install
//! them: the tests that need PostgreSQL fail, they do not skip.
//!
//! PostgreSQL refuses to run as root; as root the cluster is run as the
//! `postgres` user (which Debian's package creates), owning the folder.

use anyhow::{bail, Context, Result};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running PostgreSQL cluster, stopped when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    /// Loopback port it listens on.
    pub port: u16,
    run_as: Option<String>,
}

/// The folder holding `initdb` and `pg_ctl`.
pub fn server_binaries() -> Result<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("PG_BIN") {
        let dir = PathBuf::from(dir);
        if has_tools(&dir) {
            return Ok(dir);
        }
        bail!("PG_BIN={} holds no initdb and pg_ctl", dir.display());
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_tools(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(dir) = std::env::split_paths(&path).find(|dir| has_tools(dir)) {
            return Ok(dir);
        }
    }
    bail!(
        "PostgreSQL server programs (initdb, pg_ctl) not found: install them \
         (apt-get install postgresql; scripts/test does this through ensure_postgres) \
         or point PG_BIN at their folder"
    )
}

impl Cluster {
    /// Creates and starts a cluster whose superuser `postgres` logs in
    /// without a password from this machine.
    pub fn start() -> Result<Self> {
        let bin = server_binaries()?;
        let dir = tempfile::Builder::new()
            .prefix("cityaudit-pg-")
            .tempdir()
            .context("temporary folder for PostgreSQL")?;
        let run_as = running_as_root().then(|| "postgres".to_owned());
        if let Some(user) = &run_as {
            let owned = Command::new("chown")
                .arg("-R")
                .arg(format!("{user}:"))
                .arg(dir.path())
                .output()
                .context("chown")?;
            check(
                &owned,
                "chown of the cluster folder (is there a postgres user?)",
            )?;
        }
        let mut cluster = Cluster {
            bin,
            dir,
            port: 0,
            run_as,
        };
        let data = cluster.data();
        let init = cluster
            .command("initdb")
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8"])
            .arg("--pgdata")
            .arg(&data)
            .output()
            .context("running initdb")?;
        check(&init, "initdb")?;
        // A free port can be taken between looking and starting: try a few.
        let mut last = None;
        for _ in 0..3 {
            cluster.port = free_port()?;
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
                cluster.port,
                cluster.dir.path().display()
            );
            let started = cluster
                .command("pg_ctl")
                .args(["start", "-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(cluster.dir.path().join("server.log"))
                .args(["-o", &options])
                .output()
                .context("running pg_ctl start")?;
            if started.status.success() {
                return Ok(cluster);
            }
            last = Some(started);
        }
        let log =
            std::fs::read_to_string(cluster.dir.path().join("server.log")).unwrap_or_default();
        match last {
            Some(output) => check(&output, &format!("pg_ctl start (log: {log})")).map(|_| cluster),
            None => bail!("pg_ctl start never ran"),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        match &self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        }
    }

    /// Creates a database and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String> {
        let created = self
            .command("createdb")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .arg(name)
            .output()
            .context("running createdb")?;
        check(&created, "createdb")?;
        Ok(self.url(name))
    }

    /// URL of a database in this cluster, as the server's `--database` takes it.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["stop", "-m", "immediate", "-w", "-D"])
            .arg(self.data())
            .output();
    }
}

fn check(output: &Output, what: &str) -> Result<()> {
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

#[cfg(unix)]
fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and touches no memory.
    unsafe { libc::geteuid() == 0 }
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

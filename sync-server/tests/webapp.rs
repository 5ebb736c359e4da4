//! The browser participant app at `/app/`, against the real binary: where
//! `serve` finds the app, what it answers for files and app routes, the
//! headers the browser needs, and the paths it refuses.
//!
//! Requests are written by hand on a TCP socket so that paths reach the
//! server exactly as sent (an HTTP client would resolve `..` itself).

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_cityaudit-sync");

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     worker-src 'self'; connect-src 'self'; img-src 'self' data: blob:; \
     style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; \
     frame-ancestors 'none'";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const ENTRY: &str = "<!doctype html><title>cityaudit test entry</title>";
const WASM: &[u8] = b"\0asm\x01\0\0\0";
const SECRET: &str = "the server's secret";

/// A fake web build of `ui/` in `dir`, and a secret file beside it that
/// must never be served.
fn fake_build(dir: &Path, entry: &str) -> Result<()> {
    std::fs::create_dir_all(dir.join("assets"))?;
    std::fs::create_dir_all(dir.join("icons"))?;
    std::fs::write(dir.join(entry), ENTRY)?;
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )?;
    std::fs::write(dir.join("manifest.webmanifest"), r#"{"name":"cityaudit"}"#)?;
    std::fs::write(dir.join("icons/icon-192.png"), b"\x89PNG\r\n\x1a\n")?;
    std::fs::write(dir.join("assets/index-3f2a1b.js"), "export const app = 1;")?;
    std::fs::write(dir.join("assets/index-77aa00.css"), "body{margin:0}")?;
    std::fs::write(dir.join("assets/cityaudit_core_bg-9a8b7c.wasm"), WASM)?;
    // What scripts/build-web writes beside each file: a brotli copy.
    std::fs::write(
        dir.join("assets/cityaudit_core_bg-9a8b7c.wasm.br"),
        b"brotli bytes",
    )?;
    if let Some(parent) = dir.parent() {
        std::fs::write(parent.join("secret.txt"), SECRET)?;
    }
    Ok(())
}

/// The server process, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Starts `serve` in `cwd` with `args`, `CITYAUDIT_APP_DIR` set to
    /// `env_dir` or unset.
    fn start(cwd: &Path, args: &[&str], env_dir: Option<&Path>) -> Result<Self> {
        let mut command = Command::new(BIN);
        command
            .current_dir(cwd)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(cwd.join("data"))
            .args(args)
            .env_remove("CITYAUDIT_APP_DIR")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(dir) = env_dir {
            command.env("CITYAUDIT_APP_DIR", dir);
        }
        let mut child = command.spawn().context("starting the server")?;
        let stdout = child.stdout.take().context("stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let address = line
            .trim()
            .strip_prefix("listening on http://")
            .with_context(|| format!("unexpected first line {line:?}"))?
            .to_owned();
        Ok(Server { child, address })
    }

    /// Sends one request exactly as written and reads the whole answer.
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Result<Reply> {
        let mut stream = TcpStream::connect(&self.address)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut request = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes())?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        Reply::parse(&raw, method == "HEAD")
    }

    fn get(&self, target: &str) -> Result<Reply> {
        self.request("GET", target, &[])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8], head_only: bool) -> Result<Self> {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .context("no end of headers")?;
        let head = std::str::from_utf8(&raw[..split])?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().context("status line")?;
        let status = status_line
            .split(' ')
            .nth(1)
            .context("status code")?
            .parse()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let mut reply = Reply {
            status,
            headers,
            body: Vec::new(),
        };
        let rest = &raw[split + 4..];
        reply.body = if head_only {
            rest.to_vec()
        } else if reply.header("transfer-encoding") == Some("chunked") {
            dechunk(rest)?
        } else {
            rest.to_vec()
        };
        Ok(reply)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The headers every `/app/` answer carries.
    fn assert_secured(&self, what: &str) {
        assert_eq!(self.header("content-security-policy"), Some(CSP), "{what}");
        assert_eq!(
            self.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
    }
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("chunk size")?;
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..end])?.trim(), 16)?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            bail!("short chunk");
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// A server with a fake build given by `--app-dir`.
fn server_with_app() -> Result<(tempfile::TempDir, Server)> {
    let dir = tempfile::tempdir()?;
    let app = dir.path().join("web");
    fake_build(&app, "index.html")?;
    let app = app.to_str().context("utf-8 path")?.to_owned();
    let server = Server::start(dir.path(), &["--app-dir", &app], None)?;
    Ok((dir, server))
}

#[test]
fn the_entry_page_answers_at_app_and_for_every_app_route() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    for target in [
        "/app/",
        "/app/join?code=MC3D-Z24Q",
        "/app/join/?code=MC3D-Z24Q",
        "/app/audits/4Q1YXqPGJFqTGNsvuEYmeWxA7t3i/photos",
        "/app/icons",
    ] {
        let reply = server.get(target)?;
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.text(), ENTRY, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{target}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{target}");
        reply.assert_secured(target);
    }
    let head = server.request("HEAD", "/app/join?code=MC3D-Z24Q", &[])?;
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(&*ENTRY.len().to_string())
    );
    assert!(head.body.is_empty());
    Ok(())
}

#[test]
fn app_without_a_slash_redirects_to_app_with_one() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    let reply = server.get("/app")?;
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("/app/"));
    let reply = server.get("/app?code=MC3D-Z24Q")?;
    assert_eq!(reply.header("location"), Some("/app/?code=MC3D-Z24Q"));
    reply.assert_secured("redirect");
    Ok(())
}

#[test]
fn files_are_served_with_the_types_the_browser_requires() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    let cases: [(&str, &str, &[u8]); 5] = [
        (
            "/app/assets/cityaudit_core_bg-9a8b7c.wasm",
            "application/wasm",
            WASM,
        ),
        (
            "/app/assets/index-3f2a1b.js",
            "text/javascript; charset=utf-8",
            b"export const app = 1;",
        ),
        (
            "/app/manifest.webmanifest",
            "application/manifest+json",
            br#"{"name":"cityaudit"}"#,
        ),
        (
            "/app/sw.js",
            "text/javascript; charset=utf-8",
            b"self.addEventListener('fetch', () => {});",
        ),
        ("/app/icons/icon-192.png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ];
    for (target, content_type, body) in cases {
        let reply = server.get(target)?;
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
        assert_eq!(reply.body, body, "{target}");
        reply.assert_secured(target);
    }
    Ok(())
}

#[test]
fn a_precompressed_copy_goes_to_browsers_that_accept_it() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    let target = "/app/assets/cityaudit_core_bg-9a8b7c.wasm";
    let compressed = server.request("GET", target, &[("accept-encoding", "gzip, br")])?;
    assert_eq!(compressed.status, 200);
    assert_eq!(compressed.header("content-encoding"), Some("br"));
    assert_eq!(compressed.header("content-type"), Some("application/wasm"));
    assert_eq!(compressed.header("vary"), Some("accept-encoding"));
    assert_eq!(compressed.body, b"brotli bytes");
    let plain = server.get(target)?;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    assert_eq!(plain.body, WASM);
    Ok(())
}

#[test]
fn hashed_assets_are_cached_for_good_and_the_rest_revalidated() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    for target in [
        "/app/assets/index-3f2a1b.js",
        "/app/assets/index-77aa00.css",
        "/app/assets/cityaudit_core_bg-9a8b7c.wasm",
    ] {
        let reply = server.get(target)?;
        assert_eq!(reply.header("cache-control"), Some(IMMUTABLE), "{target}");
    }
    for target in [
        "/app/",
        "/app/index.html",
        "/app/sw.js",
        "/app/manifest.webmanifest",
        "/app/icons/icon-192.png",
    ] {
        let reply = server.get(target)?;
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{target}");
    }

    // Revalidation: the entry page unchanged since it was fetched is a 304.
    let first = server.get("/app/")?;
    let modified = first.header("last-modified").context("Last-Modified")?;
    let again = server.request("GET", "/app/", &[("If-Modified-Since", modified)])?;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("cache-control"), Some("no-cache"));
    again.assert_secured("304");
    Ok(())
}

#[test]
fn a_missing_hashed_asset_is_a_404_not_the_entry_page() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    let reply = server.get("/app/assets/index-000000.js")?;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert!(!reply.text().contains(ENTRY));
    reply.assert_secured("missing asset");
    Ok(())
}

#[test]
fn paths_out_of_the_app_folder_are_refused() -> Result<()> {
    let (dir, server) = server_with_app()?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("web/assets/linked-secret.txt"),
    )?;
    for target in [
        "/app/../secret.txt",
        "/app/assets/../../secret.txt",
        "/app/%2e%2e/secret.txt",
        "/app/%2E%2E/secret.txt",
        "/app/assets/%2e%2e/%2e%2e/secret.txt",
        "/app/..%2fsecret.txt",
        "/app/..%5csecret.txt",
        "/app/assets%5c..%5c..%5csecret.txt",
        "/app//etc/passwd",
        "/app/%2fetc%2fpasswd",
        &format!("/app/{}", dir.path().join("secret.txt").display()),
        &format!("/app//{}", dir.path().join("secret.txt").display()),
        "/app/.%2e/secret.txt",
        "/app/%00/secret.txt",
        "/app/assets/linked-secret.txt",
    ] {
        let reply = server.get(target)?;
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target}: {}",
            reply.status
        );
        assert!(!reply.text().contains(SECRET), "{target} leaked the file");
        reply.assert_secured(target);
    }
    // A link to a file outside from outside `assets/` is no file either:
    // the app's own route, so the entry page.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("secret.txt"),
            dir.path().join("web/linked-secret.txt"),
        )?;
        let reply = server.get("/app/linked-secret.txt")?;
        assert_eq!(reply.text(), ENTRY);
    }
    Ok(())
}

#[test]
fn the_app_needs_no_token_and_answers_only_get_and_head() -> Result<()> {
    let (_dir, server) = server_with_app()?;
    let reply = server.request("GET", "/app/", &[("Authorization", "Bearer nonsense")])?;
    assert_eq!(reply.status, 200);
    for method in ["POST", "PUT", "DELETE"] {
        let reply = server.request(method, "/app/join", &[("Content-Length", "0")])?;
        assert_eq!(reply.status, 405, "{method}");
    }
    // The sync API is unchanged beside it.
    let reply = server.get("/healthz")?;
    assert_eq!(reply.text(), "ok");
    Ok(())
}

#[test]
fn without_an_app_the_server_says_how_to_build_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &[], None)?;
    for target in [
        "/app/",
        "/app/join?code=MC3D-Z24Q",
        "/app/assets/index-3f2a1b.js",
    ] {
        let reply = server.get(target)?;
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        let page = reply.text();
        assert!(page.contains("not installed"), "{page}");
        assert!(page.contains("./scripts/build-web"), "{page}");
        assert!(page.contains("--app-dir"), "{page}");
        reply.assert_secured(target);
    }
    Ok(())
}

#[test]
fn serve_finds_the_app_in_the_environment_or_in_ui_dist_web() -> Result<()> {
    // CITYAUDIT_APP_DIR, with web.html as the entry page.
    let dir = tempfile::tempdir()?;
    let app = dir.path().join("elsewhere");
    fake_build(&app, "web.html")?;
    let server = Server::start(dir.path(), &[], Some(&app))?;
    let reply = server.get("/app/join?code=MC3D-Z24Q")?;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), ENTRY);
    drop(server);

    // ui/dist-web under the current directory.
    let dir = tempfile::tempdir()?;
    fake_build(&dir.path().join("ui/dist-web"), "index.html")?;
    let server = Server::start(dir.path(), &[], None)?;
    let reply = server.get("/app/assets/cityaudit_core_bg-9a8b7c.wasm")?;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/wasm"));
    Ok(())
}

#[test]
fn a_wrong_app_dir_stops_the_server_with_a_reason() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty)?;
    for app_dir in [dir.path().join("missing"), empty] {
        let output = Command::new(BIN)
            .current_dir(dir.path())
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(dir.path().join("data"))
            .arg("--app-dir")
            .arg(&app_dir)
            .env_remove("CITYAUDIT_APP_DIR")
            .output()?;
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&app_dir.display().to_string()), "{stderr}");
    }
    Ok(())
}

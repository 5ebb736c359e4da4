//! The app folder's rules without HTTP, and the one property that needs
//! the router in process: app files never wait for the storage workers.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use super::*;

/// A fake build: an entry page, a hashed script and module, a manifest.
fn fake_build(dir: &Path, entry: &str) {
    std::fs::create_dir_all(dir.join("assets")).expect("assets");
    std::fs::write(dir.join(entry), "<!doctype html><title>app</title>").expect("entry");
    std::fs::write(dir.join("assets/index-3f2a1b.js"), "export {};").expect("js");
    std::fs::write(dir.join("manifest.webmanifest"), "{}").expect("manifest");
}

#[test]
fn plain_relative_paths_are_app_paths() {
    let path = AppPath::parse("assets/index-3f2a1b.js").expect("path");
    assert_eq!(path.relative(), Path::new("assets").join("index-3f2a1b.js"));
    assert!(path.is_hashed_asset());
    assert_eq!(path.caching(), Caching::Immutable);
    let join = AppPath::parse("join/").expect("trailing slash");
    assert_eq!(join.relative(), Path::new("join"));
    assert!(!join.is_hashed_asset());
    assert_eq!(join.caching(), Caching::Revalidate);
    assert_eq!(
        AppPath::parse("assetsx/a.js").expect("path").caching(),
        Caching::Revalidate
    );
}

#[test]
fn paths_that_could_leave_the_app_folder_are_refused() {
    let cases = [
        ("..", BadAppPath::Dots),
        ("../secret.txt", BadAppPath::Dots),
        ("assets/../../secret.txt", BadAppPath::Dots),
        ("assets/./x.js", BadAppPath::Dots),
        ("/etc/passwd", BadAppPath::Absolute),
        ("//etc/passwd", BadAppPath::Absolute),
        ("a//b", BadAppPath::Empty),
        (".env", BadAppPath::Hidden),
        ("assets/.git/config", BadAppPath::Hidden),
        ("..\\secret.txt", BadAppPath::Hidden),
        ("a\\..\\..\\secret.txt", BadAppPath::Character),
        ("C:secret.txt", BadAppPath::Character),
        ("index.html\0.js", BadAppPath::Character),
    ];
    for (path, why) in cases {
        assert_eq!(AppPath::parse(path), Err(why), "{path:?}");
    }
}

#[test]
fn files_get_the_content_types_browsers_require() {
    let cases = [
        ("index.html", "text/html; charset=utf-8"),
        ("assets/index-3f2a1b.js", "text/javascript; charset=utf-8"),
        ("sw.js", "text/javascript; charset=utf-8"),
        ("assets/core_bg-9a8b.wasm", "application/wasm"),
        ("assets/core_bg-9a8b.WASM", "application/wasm"),
        ("manifest.webmanifest", "application/manifest+json"),
        ("assets/index-77aa.css", "text/css; charset=utf-8"),
        ("icons/icon-192.png", "image/png"),
        ("icons/icon.svg", "image/svg+xml"),
        ("LICENSE", "application/octet-stream"),
    ];
    for (file, expected) in cases {
        assert_eq!(content_type(Path::new(file)), expected, "{file}");
    }
}

#[test]
fn an_app_folder_needs_an_entry_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(matches!(
        WebApp::open(&dir.path().join("nowhere")),
        Err(WebAppError::Unreadable { .. })
    ));
    assert!(matches!(
        WebApp::open(dir.path()),
        Err(WebAppError::NoEntry { .. })
    ));
    std::fs::write(dir.path().join("file"), "x").expect("file");
    assert!(matches!(
        WebApp::open(&dir.path().join("file")),
        Err(WebAppError::Unreadable { .. })
    ));
    fake_build(dir.path(), "web.html");
    let app = WebApp::open(dir.path()).expect("web.html build");
    assert_eq!(app.entry(), Some(dir.path().join("web.html")));
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").expect("index");
    let app = WebApp::open(dir.path()).expect("index.html build");
    assert_eq!(app.entry(), Some(dir.path().join("index.html")));
}

#[test]
fn serve_finds_ui_dist_web_unless_a_folder_is_given() {
    let cwd = tempfile::tempdir().expect("tempdir");
    assert!(WebApp::locate(None, cwd.path())
        .expect("nothing to find")
        .dir()
        .is_none());
    std::fs::create_dir_all(cwd.path().join(DEFAULT_APP_DIR)).expect("empty build folder");
    assert!(WebApp::locate(None, cwd.path())
        .expect("no entry yet")
        .dir()
        .is_none());
    fake_build(&cwd.path().join(DEFAULT_APP_DIR), "index.html");
    let found = WebApp::locate(None, cwd.path()).expect("found");
    assert_eq!(
        found.dir(),
        Some(cwd.path().join(DEFAULT_APP_DIR).as_path())
    );
    let empty = WebApp::locate(Some(Path::new("")), cwd.path()).expect("empty is not given");
    assert_eq!(empty.dir(), found.dir());

    let other = tempfile::tempdir().expect("tempdir");
    assert!(
        WebApp::locate(Some(other.path()), cwd.path()).is_err(),
        "a folder given explicitly must be servable"
    );
    fake_build(other.path(), "index.html");
    let given = WebApp::locate(Some(other.path()), cwd.path()).expect("given");
    assert_eq!(given.dir(), Some(other.path()));
}

/// One raw HTTP/1.1 request; the status line and the body.
fn raw_get(address: SocketAddr, target: &str) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    let status = head.lines().next().unwrap_or_default().to_owned();
    (status, body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_files_do_not_wait_for_the_storage_workers() {
    let data = tempfile::tempdir().expect("tempdir");
    let build = tempfile::tempdir().expect("tempdir");
    fake_build(build.path(), "index.html");
    let state = AppState::open(data.path(), None)
        .expect("state")
        .with_workers(1)
        .with_web_app(WebApp::open(build.path()).expect("app"));
    // Every storage worker is busy for as long as this test runs.
    let _busy = state.workers.clone().acquire_owned().await.expect("permit");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        axum::serve(listener, crate::router(state))
            .await
            .expect("serve");
    });
    let answers = tokio::time::timeout(
        Duration::from_secs(20),
        tokio::task::spawn_blocking(move || {
            [
                raw_get(address, "/app/"),
                raw_get(address, "/app/join?code=MC3D-Z24Q"),
                raw_get(address, "/app/assets/index-3f2a1b.js"),
            ]
        }),
    )
    .await
    .expect("the app answered while the workers were busy")
    .expect("requests");
    server.abort();
    for (status, _) in &answers {
        assert_eq!(status, "HTTP/1.1 200 OK");
    }
    assert!(answers[1].1.contains("<title>app</title>"));
    assert_eq!(answers[2].1, "export {};");
}

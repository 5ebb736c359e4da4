//! The browser participant app at `/app/`: the web build of `ui/`
//! (`./scripts/build-web` writes it to `ui/dist-web/`) served as static
//! files, so that participants without the native app join from a phone's
//! browser through the invite's web link (`https://HOST/app/join?code=…`).
//!
//! It is not a general static file server: it serves one folder under
//! `/app/`, answers every other app path with the entry page (the app
//! routes itself: `/app/join?code=…`), and never needs a token or the
//! storage workers, so a busy sync never slows the app's first load.
//! Every answer carries a strict Content-Security-Policy; hashed files
//! under `assets/` may be cached for a year, everything else is revalidated.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::ServeFile;

use crate::error::AppError;
use crate::state::AppState;

/// Where `serve` looks for the app when no folder is given, relative to
/// the current directory (the output of `./scripts/build-web`).
pub const DEFAULT_APP_DIR: &str = "ui/dist-web";

/// Environment variable naming the app folder (as `serve --app-dir`).
pub const APP_DIR_ENV: &str = "CITYAUDIT_APP_DIR";

/// Names of the entry page, in order of preference: the first one present
/// in the folder is the page every app route answers with.
pub const ENTRY_FILES: [&str; 2] = ["index.html", "web.html"];

/// The folder under the app whose files have content hashes in their
/// names and may therefore be cached for good.
pub const HASHED_ASSETS_DIR: &str = "assets";

/// The policy on every `/app/` answer: only the server's own scripts,
/// WebAssembly compilation (`'wasm-unsafe-eval'`), workers, requests and
/// styles; images also from `data:` and `blob:` (photo previews); no
/// plugins, no `<base>` elsewhere, no framing (clickjacking).
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; \
     img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; \
     base-uri 'self'; frame-ancestors 'none'";

/// How long a browser may keep an answer without asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Ask every time (`no-cache`): the entry page, `sw.js`, the manifest,
    /// icons — names that stay the same when their content changes. The
    /// browser revalidates with `If-Modified-Since` and usually gets a 304.
    Revalidate,
    /// Keep for a year without asking (`immutable`): files under `assets/`,
    /// whose names change with their content.
    Immutable,
}

impl Caching {
    /// The `Cache-Control` value.
    pub fn header_value(self) -> &'static str {
        match self {
            Caching::Revalidate => "no-cache",
            Caching::Immutable => "public, max-age=31536000, immutable",
        }
    }
}

/// Why the app folder cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum WebAppError {
    /// The folder is missing or unreadable.
    #[error("the browser app folder {path} cannot be read: {source}")]
    Unreadable {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The folder holds no entry page.
    #[error(
        "the browser app folder {path} has no index.html (or web.html); \
         build the app with ./scripts/build-web"
    )]
    NoEntry {
        /// The folder.
        path: String,
    },
}

/// The browser app this server serves, or the knowledge that it has none.
#[derive(Debug, Clone, Default)]
pub struct WebApp {
    files: Option<AppFiles>,
}

/// An app folder with an entry page.
#[derive(Debug, Clone)]
struct AppFiles {
    /// The folder, absolute (not canonical: a symbolic link switched to a
    /// new build is followed on the next request).
    dir: PathBuf,
    /// The entry page's file name, one of [`ENTRY_FILES`].
    entry: &'static str,
}

impl WebApp {
    /// No app: `/app/` answers with a page saying how to install it.
    pub fn not_installed() -> Self {
        WebApp { files: None }
    }

    /// Serves the app in `dir`, which must hold an entry page.
    pub fn open(dir: &Path) -> Result<Self, WebAppError> {
        let unreadable = |source| WebAppError::Unreadable {
            path: dir.display().to_string(),
            source,
        };
        let dir = std::path::absolute(dir).map_err(unreadable)?;
        let metadata = std::fs::metadata(&dir).map_err(unreadable)?;
        if !metadata.is_dir() {
            return Err(unreadable(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a folder",
            )));
        }
        let entry = ENTRY_FILES
            .into_iter()
            .find(|name| dir.join(name).is_file())
            .ok_or_else(|| WebAppError::NoEntry {
                path: dir.display().to_string(),
            })?;
        Ok(WebApp {
            files: Some(AppFiles { dir, entry }),
        })
    }

    /// The app of `serve`: the folder given (`--app-dir` or
    /// [`APP_DIR_ENV`]), which must be servable; else [`DEFAULT_APP_DIR`]
    /// under `cwd` when it holds a build; else none.
    pub fn locate(given: Option<&Path>, cwd: &Path) -> Result<Self, WebAppError> {
        if let Some(dir) = given.filter(|dir| !dir.as_os_str().is_empty()) {
            return Self::open(dir);
        }
        match Self::open(&cwd.join(DEFAULT_APP_DIR)) {
            Ok(app) => Ok(app),
            Err(WebAppError::Unreadable { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Ok(Self::not_installed())
            }
            Err(error) => {
                tracing::warn!(%error, "the browser app is not served");
                Ok(Self::not_installed())
            }
        }
    }

    /// The folder served, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.files.as_ref().map(|files| files.dir.as_path())
    }

    /// The entry page served for every app route, if any.
    pub fn entry(&self) -> Option<PathBuf> {
        self.files.as_ref().map(AppFiles::entry_path)
    }
}

impl AppFiles {
    fn entry_path(&self) -> PathBuf {
        self.dir.join(self.entry)
    }

    /// The regular file at `path` inside the folder, if there is one. A
    /// symbolic link that leads out of the folder counts as no file.
    async fn find(&self, path: &AppPath) -> Result<Option<PathBuf>, AppError> {
        let root = tokio::fs::canonicalize(&self.dir).await.map_err(|e| {
            AppError::Internal(format!(
                "the browser app folder {} is gone: {e}",
                self.dir.display()
            ))
        })?;
        let Ok(file) = tokio::fs::canonicalize(self.dir.join(path.relative())).await else {
            return Ok(None);
        };
        if !file.starts_with(&root) {
            tracing::warn!(path = %file.display(), "a link in the browser app folder leads out of it; not served");
            return Ok(None);
        }
        match tokio::fs::metadata(&file).await {
            Ok(metadata) if metadata.is_file() => Ok(Some(file)),
            _ => Ok(None),
        }
    }
}

/// Why a path after `/app/` is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadAppPath {
    /// It starts at the file system's root (`/app//etc/passwd`).
    #[error("app paths are relative to /app/")]
    Absolute,
    /// It has a `..` or `.` segment, also percent-encoded (`%2e%2e`).
    #[error("app paths may not contain `.` or `..` segments")]
    Dots,
    /// It has a segment starting with a dot (`.git`, `.env`).
    #[error("app paths may not name hidden files")]
    Hidden,
    /// It has an empty segment (`a//b`).
    #[error("app paths may not contain empty segments")]
    Empty,
    /// It has a backslash, colon or control character (a Windows
    /// separator or drive, a NUL).
    #[error("app paths may not contain backslashes, colons or control characters")]
    Character,
}

/// A path inside the app folder as requested after `/app/`, already
/// percent-decoded: relative, and with only plain segments, so joining it
/// to the folder cannot leave the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPath(Vec<String>);

impl AppPath {
    /// Checks a decoded path; one trailing `/` is allowed (`join/`).
    pub fn parse(text: &str) -> Result<Self, BadAppPath> {
        if text.starts_with('/') {
            return Err(BadAppPath::Absolute);
        }
        let text = text.strip_suffix('/').unwrap_or(text);
        let mut segments = Vec::new();
        for segment in text.split('/') {
            if segment == "." || segment == ".." {
                return Err(BadAppPath::Dots);
            }
            if segment.is_empty() {
                return Err(BadAppPath::Empty);
            }
            if segment.starts_with('.') {
                return Err(BadAppPath::Hidden);
            }
            if segment
                .chars()
                .any(|c| c == '\\' || c == ':' || c.is_control())
            {
                return Err(BadAppPath::Character);
            }
            segments.push(segment.to_owned());
        }
        Ok(AppPath(segments))
    }

    /// The path relative to the app folder.
    pub fn relative(&self) -> PathBuf {
        self.0.iter().collect()
    }

    /// True for files under `assets/`: hashed names, cached for good, and
    /// never answered with the entry page when missing (a stale page asking
    /// for an old script must get a 404, not HTML kept for a year).
    pub fn is_hashed_asset(&self) -> bool {
        self.0
            .first()
            .is_some_and(|first| first == HASHED_ASSETS_DIR)
    }

    /// How long the browser may keep this file.
    pub fn caching(&self) -> Caching {
        if self.is_hashed_asset() {
            Caching::Immutable
        } else {
            Caching::Revalidate
        }
    }
}

/// The `Content-Type` of an app file, by its extension. Explicit rather
/// than guessed: browsers refuse WebAssembly streaming compilation, module
/// scripts and service workers served with any other type, and `nosniff`
/// makes them trust this header alone.
pub fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

/// The `/app` routes. They only read files: no token, no storage, no
/// request workers; GET and HEAD only.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/app", get(redirect_to_app))
        .route("/app/", get(entry))
        .route("/app/{*path}", get(app_path))
}

/// `/app` → `/app/`, keeping the query: the app's relative URLs resolve
/// against the folder only with the slash.
async fn redirect_to_app(uri: Uri) -> Response {
    let target = match uri.query() {
        Some(query) => format!("/app/?{query}"),
        None => "/app/".to_owned(),
    };
    secured(Redirect::permanent(&target).into_response())
}

async fn entry(State(state): State<AppState>, request: Request) -> Response {
    let response = match &state.web_app.files {
        Some(files) => serve(&files.entry_path(), request, Caching::Revalidate).await,
        None => Ok(not_installed()),
    };
    secured(response.unwrap_or_else(IntoResponse::into_response))
}

async fn app_path(
    State(state): State<AppState>,
    path: Result<UrlPath<String>, PathRejection>,
    request: Request,
) -> Response {
    let response = match &state.web_app.files {
        Some(files) => serve_app_path(files, path, request).await,
        None => Ok(not_installed()),
    };
    secured(response.unwrap_or_else(IntoResponse::into_response))
}

/// A file of the app, else the entry page (the app's own routes), except
/// under `assets/`, where a missing file is a 404.
async fn serve_app_path(
    files: &AppFiles,
    path: Result<UrlPath<String>, PathRejection>,
    request: Request,
) -> Result<Response, AppError> {
    let UrlPath(path) = path.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let path = AppPath::parse(&path)?;
    match files.find(&path).await? {
        Some(file) => serve(&file, request, path.caching()).await,
        None if path.is_hashed_asset() => Err(AppError::NotFound(
            "the browser app has no such file; reload the app".into(),
        )),
        None => serve(&files.entry_path(), request, Caching::Revalidate).await,
    }
}

/// Streams a file with its type and caching; conditional (`304`) and
/// range requests are answered by tower-http. A `FILE.br` or `FILE.gz`
/// beside it (written by `scripts/build-web`) is sent instead to browsers
/// that accept that encoding: the WebAssembly is a third of its size so.
async fn serve(file: &Path, request: Request, caching: Caching) -> Result<Response, AppError> {
    let response = ServeFile::new(file)
        .precompressed_br()
        .precompressed_gzip()
        .try_call(request)
        .await
        .map_err(|e| AppError::Internal(format!("reading {}: {e}", file.display())))?;
    let mut response = response.map(Body::new);
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    if headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(file)));
    }
    let caching = if ok { caching } else { Caching::Revalidate };
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(caching.header_value()),
    );
    // Caches must keep the encodings apart.
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    Ok(response)
}

/// The page at every `/app/` path when the server has no app.
const NOT_INSTALLED_PAGE: &str = r#"<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cityaudit: the browser app is not installed</title>
<h1>The browser app is not installed on this server</h1>
<p>This cityaudit sync server has no copy of the browser participant app to
serve at <code>/app/</code>. Participants can still join with the cityaudit
app and the invite code.</p>
<p>For the server's operator: build the app in the cityaudit source folder
with <code>./scripts/build-web</code> (it writes <code>ui/dist-web/</code>),
then start the server with <code>cityaudit-sync serve --app-dir ui/dist-web</code>
(or set <code>CITYAUDIT_APP_DIR</code>; a server started in the source folder
finds <code>ui/dist-web</code> by itself).</p>
</html>
"#;

fn not_installed() -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, Caching::Revalidate.header_value()),
        ],
        NOT_INSTALLED_PAGE,
    )
        .into_response()
}

/// Adds the policy headers every `/app/` answer carries; errors get
/// `no-cache` unless they say otherwise.
fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(Caching::Revalidate.header_value()));
    response
}

#[cfg(test)]
mod tests;

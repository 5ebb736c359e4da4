//! The application state shared by every request, built once in `main`.

use std::path::Path;
use std::sync::Arc;

use crate::blobs::{BlobStore, BlobStoreError, FsBlobStore};
use crate::documents::cache::{DocCache, DEFAULT_CAPACITY};
use crate::ratelimit::{JoinLimiter, DEFAULT_JOINS_PER_MINUTE};
use crate::storage::{SqliteStorage, Storage, StorageError};
use crate::webapp::WebApp;
use cityaudit_core::templates::{TemplateError, Templates};

/// Why the server's state could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The data folder could not be created.
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be opened.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The blob folder could not be opened.
    #[error(transparent)]
    Blobs(#[from] BlobStoreError),
    /// The built-in templates are broken.
    #[error(transparent)]
    Templates(#[from] TemplateError),
}

/// Everything a request needs: storage, blobs, templates and settings.
#[derive(Clone)]
pub struct AppState {
    /// Durable state.
    pub storage: Arc<dyn Storage>,
    /// Photo blobs.
    pub blobs: Arc<dyn BlobStore>,
    /// The built-in templates new audits are made from.
    pub templates: Arc<Templates>,
    /// Public base URL put into invite links; when `None`, the request's
    /// `Host` header is used.
    pub public_url: Option<String>,
    /// Recently used documents, kept loaded.
    pub documents: Arc<DocCache>,
    /// Failed joins per client address.
    pub join_limiter: Arc<JoinLimiter>,
    /// Admits requests to the blocking workers in arrival order (see
    /// [`crate::service::run_blocking`]).
    pub workers: Arc<tokio::sync::Semaphore>,
    /// The browser participant app served at `/app/` (none by default).
    pub web_app: Arc<WebApp>,
}

/// Requests doing blocking work at once. Storage serialises writers, but a
/// request receives its changes outside its transaction and waits for the
/// disk after it, so several run side by side; beyond this the rest wait in
/// arrival order instead of all contending (8, 16, 32 and 64 were measured
/// with 1,000 devices; 32 was best).
pub const DEFAULT_WORKERS: u32 = 32;

impl AppState {
    /// Opens the default backends in `data`: `server.sqlite` and `blobs/`.
    pub fn open(data: &Path, public_url: Option<String>) -> Result<Self, OpenError> {
        create_data_dir(data)?;
        let storage = SqliteStorage::open(&data.join("server.sqlite"))?;
        Self::with_storage(data, public_url, Arc::new(storage))
    }

    /// Opens the state with the given storage (e.g. PostgreSQL); blobs stay
    /// in `data/blobs`.
    pub fn with_storage(
        data: &Path,
        public_url: Option<String>,
        storage: Arc<dyn Storage>,
    ) -> Result<Self, OpenError> {
        create_data_dir(data)?;
        let blobs = FsBlobStore::open(&data.join("blobs"))?;
        Ok(AppState {
            storage,
            blobs: Arc::new(blobs),
            templates: Arc::new(Templates::builtin()?),
            public_url: public_url.map(|u| u.trim_end_matches('/').to_owned()),
            documents: Arc::new(DocCache::new(DEFAULT_CAPACITY)),
            join_limiter: Arc::new(JoinLimiter::new(DEFAULT_JOINS_PER_MINUTE)),
            workers: Arc::new(tokio::sync::Semaphore::new(DEFAULT_WORKERS as usize)),
            web_app: Arc::new(WebApp::not_installed()),
        })
    }

    /// Allows bursts of `per_minute` failed joins per client address,
    /// refilled at `per_minute` per minute (0: no limit).
    pub fn with_join_rate_limit(mut self, per_minute: u32) -> Self {
        self.join_limiter = Arc::new(JoinLimiter::new(per_minute));
        self
    }

    /// Lets at most `workers` requests do storage work at once (at least 1).
    pub fn with_workers(mut self, workers: usize) -> Self {
        self.workers = Arc::new(tokio::sync::Semaphore::new(workers.max(1)));
        self
    }

    /// Serves `app` at `/app/`.
    pub fn with_web_app(mut self, app: WebApp) -> Self {
        self.web_app = Arc::new(app);
        self
    }

    /// Keeps at most `capacity` documents loaded (0: load every time).
    pub fn with_doc_cache(mut self, capacity: usize) -> Self {
        self.documents = Arc::new(DocCache::new(capacity));
        self
    }
}

fn create_data_dir(data: &Path) -> Result<(), OpenError> {
    std::fs::create_dir_all(data).map_err(|source| OpenError::DataDir {
        path: data.display().to_string(),
        source,
    })
}

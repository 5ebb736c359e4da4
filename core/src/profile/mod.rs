//! A profile: one person's documents on one device, kept in one durable
//! store, with the field-work actions as methods.
//!
//! Every action validates, edits the in-memory Automerge document, and
//! appends the resulting change to SQLite before returning: when a method
//! returns `Ok`, the edit is on disk. A refused or failed edit leaves both
//! memory and disk as they were.
//!
//! Audit documents are loaded when the profile opens; response documents
//! (a facilitator holds hundreds) only when first needed, and the
//! facilitator's views read them through per-document summaries cached in
//! the store (see `summaries`).

use automerge::{AutoCommit, ChangeHash};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

mod access;
mod facilitator;
mod fieldwork;
mod methods;
mod photos;
mod prepare;
mod settings;
mod summaries;
mod sync;
mod tracks;

pub use methods::{methods_view, BenchmarkView, MethodsView};
pub use summaries::SummaryStats;

pub use sync::Session;

use crate::ids::DocumentId;
use crate::model::{
    Answer, AuditData, AuditDocument, ModelError, Problem, ResponseData, ResponseDocument,
};
use crate::store::{BlobPlace, DocumentKind, HeadsKey, Store, StoreError, COMPACT_AFTER_CHANGES};
use crate::sync::http::{default_transport, Transport};
use crate::templates::{TemplateError, Templates};

/// Why a profile action failed.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The input was refused; nothing was saved.
    #[error(transparent)]
    Invalid(Box<ModelError>),
    /// The local store failed; nothing new was saved.
    #[error(transparent)]
    Store(Box<StoreError>),
    /// The built-in templates are broken.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The photo could not be used; nothing was saved.
    #[error(transparent)]
    Media(crate::media::MediaError),
    /// The document is not of the expected kind.
    #[error("document {0} is not {1}")]
    WrongKind(DocumentId, &'static str),
    /// The joined role may not change this document; nothing was saved.
    #[error("{0}")]
    NotAllowed(&'static str),
    /// A received sync message was refused before decoding; nothing was saved.
    #[error(transparent)]
    Budget(#[from] crate::sync::budget::BudgetError),
    /// The base map could not be attached or read; nothing was saved.
    #[error(transparent)]
    BaseMap(#[from] crate::basemap::BaseMapError),
}

impl From<ModelError> for ProfileError {
    fn from(error: ModelError) -> Self {
        ProfileError::Invalid(Box::new(error))
    }
}

impl From<StoreError> for ProfileError {
    fn from(error: StoreError) -> Self {
        ProfileError::Store(Box::new(error))
    }
}

/// How a profile is opened: where photos live and how the server is reached.
#[derive(Debug, Clone)]
pub struct ProfileOptions {
    /// The transport sync uses.
    pub transport: Arc<dyn Transport>,
    /// Where photo blobs and thumbnails are kept.
    pub blobs: BlobPlace,
}

impl Default for ProfileOptions {
    /// The build's default transport; photos in folders beside the database.
    fn default() -> Self {
        ProfileOptions {
            transport: default_transport(),
            blobs: BlobPlace::Folders,
        }
    }
}

/// One person's audit documents on this device.
#[derive(Debug)]
pub struct Profile {
    store: Store,
    transport: Arc<dyn Transport>,
    templates: Templates,
    audits: HashMap<DocumentId, OpenAudit>,
    responses: HashMap<DocumentId, OpenResponse>,
    /// The joined session, cached: it decides which documents may be edited.
    session: Option<Session>,
    /// Responses as last read, with the heads they were read at (see `summaries`).
    read_memo: RefCell<HashMap<DocumentId, (HeadsKey, ResponseData)>>,
}

/// An audit document in memory, with its hydrated form kept current.
#[derive(Debug)]
struct OpenAudit {
    doc: AuditDocument,
    data: AuditData,
    tail: i64,
}

/// A response document of this profile, with the audit it belongs to;
/// the document itself is loaded from the store on first use.
#[derive(Debug)]
struct OpenResponse {
    loaded: OnceCell<LoadedResponse>,
    audit_id: DocumentId,
}

/// A response document in memory, the length of its stored change tail,
/// and its heads (kept current after every change, for the summary cache).
#[derive(Debug)]
struct LoadedResponse {
    doc: ResponseDocument,
    tail: i64,
    heads: HeadsKey,
}

impl LoadedResponse {
    fn new(mut doc: ResponseDocument, tail: i64) -> Self {
        let heads = HeadsKey::of(&doc.automerge().get_heads());
        LoadedResponse { doc, tail, heads }
    }

    /// Records the heads after the document changed (or was rewound).
    fn refresh_heads(&mut self) {
        self.heads = HeadsKey::of(&self.doc.automerge().get_heads());
    }
}

impl OpenResponse {
    /// A document just created or received, already in memory.
    fn in_memory(doc: ResponseDocument, audit_id: DocumentId) -> Self {
        OpenResponse {
            loaded: OnceCell::from(LoadedResponse::new(doc, 0)),
            audit_id,
        }
    }

    /// The document, loaded from `store` if not yet in memory.
    fn get(&self, store: &Store, id: &DocumentId) -> Result<&LoadedResponse, ProfileError> {
        if let Some(loaded) = self.loaded.get() {
            return Ok(loaded);
        }
        let (doc, tail) = store.load_document(id)?;
        let doc = ResponseDocument::from_automerge(doc);
        Ok(self.loaded.get_or_init(|| LoadedResponse::new(doc, tail)))
    }

    /// The document for changing, loaded from `store` if not yet in memory.
    fn get_mut(
        &mut self,
        store: &Store,
        id: &DocumentId,
    ) -> Result<&mut LoadedResponse, ProfileError> {
        self.get(store, id)?;
        self.loaded
            .get_mut()
            .ok_or_else(|| StoreError::NotFound(id.to_string()).into())
    }

    /// True when the document is in memory.
    fn is_loaded(&self) -> bool {
        self.loaded.get().is_some()
    }
}

impl Profile {
    /// Opens (or creates) the profile whose database is at `path`, loading
    /// its documents; photos in files beside it, the build's default transport.
    pub fn open(path: &Path) -> Result<Self, ProfileError> {
        Profile::open_with(path, ProfileOptions::default())
    }

    /// Opens (or creates) the profile at `path` as `options` say.
    pub fn open_with(path: &Path, options: ProfileOptions) -> Result<Self, ProfileError> {
        let store = Store::open_with(path, options.blobs)?;
        let mut profile = Profile {
            store,
            transport: options.transport,
            templates: Templates::builtin()?,
            audits: HashMap::new(),
            responses: HashMap::new(),
            session: None,
            read_memo: RefCell::new(HashMap::new()),
        };
        profile.session = profile.load_session()?;
        for stored in profile.store.list_documents()? {
            match stored.kind {
                DocumentKind::Audit => {
                    let (doc, tail) = profile.store.load_document(&stored.id)?;
                    let doc = AuditDocument::from_automerge(doc);
                    let data = doc.read()?;
                    profile
                        .audits
                        .insert(stored.id, OpenAudit { doc, data, tail });
                }
                DocumentKind::Response => {
                    let open = OpenResponse {
                        loaded: OnceCell::new(),
                        audit_id: stored.audit_id,
                    };
                    profile.responses.insert(stored.id, open);
                }
            }
        }
        Ok(profile)
    }

    /// How this profile reaches the sync server.
    pub fn transport(&self) -> Arc<dyn Transport> {
        Arc::clone(&self.transport)
    }

    /// The store underneath, for sync and media modules.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The built-in templates.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Ids of the audits in this profile.
    pub fn audit_ids(&self) -> Vec<DocumentId> {
        let mut ids: Vec<DocumentId> = self.audits.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Ids of the response documents in this profile.
    pub fn response_ids(&self) -> Vec<DocumentId> {
        let mut ids: Vec<DocumentId> = self.responses.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// The audit document as read.
    pub fn audit(&self, id: &DocumentId) -> Result<&AuditData, ProfileError> {
        self.audits
            .get(id)
            .map(|open| &open.data)
            .ok_or_else(|| StoreError::NotFound(id.to_string()).into())
    }

    /// The audit a response document was stored under when it arrived (not
    /// what its writer may later claim).
    pub fn response_audit(&self, id: &DocumentId) -> Result<&DocumentId, ProfileError> {
        Ok(&self.open_response(id)?.audit_id)
    }

    /// The response document as read.
    pub fn response(&self, id: &DocumentId) -> Result<ResponseData, ProfileError> {
        Ok(self.loaded_response(id)?.doc.read()?)
    }

    /// One answer of a response document (at `stop`, or for the whole city), if recorded.
    pub fn read_answer(
        &self,
        id: &DocumentId,
        stop: Option<&str>,
        item_id: &str,
    ) -> Result<Option<Answer>, ProfileError> {
        Ok(self.loaded_response(id)?.doc.read_answer(stop, item_id))
    }

    /// Values skipped while reading a response document.
    pub fn response_problems(&self, id: &DocumentId) -> Result<Vec<Problem>, ProfileError> {
        let open = self.open_response(id)?;
        let loaded = open.get(&self.store, id)?;
        Ok(loaded.doc.problems(self.audit(&open.audit_id)?))
    }

    /// True when the response document is in this profile.
    pub fn has_response(&self, id: &DocumentId) -> bool {
        self.responses.contains_key(id)
    }

    fn open_response(&self, id: &DocumentId) -> Result<&OpenResponse, ProfileError> {
        self.responses
            .get(id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()).into())
    }

    /// A response document in memory, loaded on first use.
    fn loaded_response(&self, id: &DocumentId) -> Result<&LoadedResponse, ProfileError> {
        self.open_response(id)?.get(&self.store, id)
    }

    pub(crate) fn edit_audit<T>(
        &mut self,
        id: &DocumentId,
        edit: impl FnOnce(&mut AuditDocument) -> Result<T, ModelError>,
    ) -> Result<T, ProfileError> {
        access::check_audit_edit(self.session.as_ref(), id)?;
        let open = self
            .audits
            .get_mut(id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let before = open.doc.automerge().get_heads();
        let result = edit(&mut open.doc);
        let saved = persist(
            &mut self.store,
            id,
            open.doc.automerge(),
            &before,
            &mut open.tail,
            result.is_ok(),
        );
        open.data = open.doc.read()?;
        saved?;
        Ok(result?)
    }

    fn edit_response<T>(
        &mut self,
        id: &DocumentId,
        edit: impl FnOnce(&mut ResponseDocument, &AuditData) -> Result<T, ModelError>,
    ) -> Result<T, ProfileError> {
        access::check_response_edit(self.session.as_ref(), id)?;
        let open = self
            .responses
            .get_mut(id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let audit = self
            .audits
            .get(&open.audit_id)
            .map(|a| &a.data)
            .ok_or_else(|| {
                ProfileError::WrongKind(open.audit_id.clone(), "an audit in this profile")
            })?;
        let loaded = open.get_mut(&self.store, id)?;
        let before = loaded.doc.automerge().get_heads();
        let result = edit(&mut loaded.doc, audit);
        let saved = persist(
            &mut self.store,
            id,
            loaded.doc.automerge(),
            &before,
            &mut loaded.tail,
            result.is_ok(),
        );
        loaded.refresh_heads();
        saved?;
        Ok(result?)
    }
}

/// Makes changes received from a peer durable; on a store failure the
/// document is rewound so it will be received again on the next sync.
fn persist_received(
    store: &mut Store,
    id: &DocumentId,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    tail: &mut i64,
) -> Result<(), ProfileError> {
    persist(store, id, doc, before, tail, true)
}

/// Makes an edit durable, or undoes it when it was refused or cannot be saved.
///
/// On success the change since `before` is appended to the store (and the
/// tail compacted when long). On a refused edit the pending operations are
/// rolled back. When the store write fails, the in-memory document is
/// rewound to `before` so memory never holds what the disk does not.
fn persist(
    store: &mut Store,
    id: &DocumentId,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    tail: &mut i64,
    accepted: bool,
) -> Result<(), ProfileError> {
    if !accepted {
        doc.rollback();
        return Ok(());
    }
    doc.commit();
    let change = doc.save_after(before);
    if change.is_empty() {
        return Ok(());
    }
    if let Err(error) = store.append_change(id, &change, &doc.get_heads()) {
        if let Ok(rewound) = doc.fork_at(before) {
            *doc = rewound;
        }
        return Err(error.into());
    }
    *tail += 1;
    // Compaction failing is harmless: the tail still holds every change.
    if *tail >= COMPACT_AFTER_CHANGES && store.compact(id, doc).is_ok() {
        *tail = 0;
    }
    Ok(())
}

#[cfg(test)]
mod summary_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tracks_tests;

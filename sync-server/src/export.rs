//! The `export` command: reads an audit's stored documents and blobs from
//! the data folder and writes one export made by `cityaudit-core`.

use std::io::Write;
use std::path::Path;

use crate::documents;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{StorageError, Transaction};
use cityaudit_core::analysis::EarlierAudit;
use cityaudit_core::export::{export, ExportError, ExportFormat, ExportInput};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{AuditData, AuditDocument, ResponseData, ResponseDocument};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportCommandError {
    /// No such audit on this server.
    #[error("there is no audit {0} in this data folder")]
    NoAudit(DocumentId),
    /// A document could not be loaded or read.
    #[error("{0}")]
    App(#[from] AppError),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Making the export failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Writing the output file failed.
    #[error("writing {path}: {source}")]
    Write {
        /// The output path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// An audit and its responses as stored.
struct Loaded {
    audit: AuditData,
    responses: Vec<ResponseData>,
}

fn load_audit(
    tx: &mut dyn Transaction,
    audit_id: &DocumentId,
) -> Result<Loaded, ExportCommandError> {
    let info = tx
        .document_info(audit_id)?
        .filter(|i| i.audit_id == *audit_id && i.id == *audit_id)
        .ok_or_else(|| ExportCommandError::NoAudit(audit_id.clone()))?;
    let (_, doc) = documents::load(tx, info)?;
    let audit = AuditDocument::from_automerge(doc)
        .read()
        .map_err(|e| AppError::Internal(format!("audit {audit_id}: {e}")))?;
    let mut responses = Vec::new();
    for info in tx.responses(audit_id)? {
        let id = info.id.clone();
        let (_, doc) = documents::load(tx, info)?;
        // A response that cannot be read at all is skipped, not fatal: the
        // rest of the audit still exports.
        match ResponseDocument::from_automerge(doc).read() {
            Ok(data) => responses.push(data),
            Err(e) => tracing::warn!(document = %id, error = %e, "response skipped"),
        }
    }
    Ok(Loaded { audit, responses })
}

/// Writes the export of `audit_id` in `format` to `out` (via a temporary
/// file beside it, renamed when complete), in `lang`: the report, the CSV's
/// header row and messages, the GeoJSON's labels and the ZIP's credits
/// (refused before anything is read when the report has no such language).
/// Returns the bytes written.
pub fn export_audit(
    state: &AppState,
    audit_id: &DocumentId,
    format: ExportFormat,
    lang: &str,
    out: &Path,
) -> Result<u64, ExportCommandError> {
    cityaudit_core::report::words::Words::new(lang).map_err(ExportError::from)?;
    let mut tx = state.storage.begin()?;
    let current = load_audit(tx.as_mut(), audit_id)?;
    let earlier_id = current
        .audit
        .records()
        .compare_with
        .and_then(|id| DocumentId::parse(&id).ok());
    let earlier = match earlier_id {
        Some(id) => match load_audit(tx.as_mut(), &id) {
            Ok(loaded) => Some((id, loaded)),
            Err(ExportCommandError::NoAudit(_)) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    drop(tx);
    let blobs = ServerBlobs(state);
    let id_text = audit_id.to_string();
    let input = ExportInput {
        audit_id: &id_text,
        audit: &current.audit,
        responses: &current.responses,
        earlier: earlier.as_ref().map(|(id, loaded)| EarlierAudit {
            id: id.as_str(),
            audit: &loaded.audit,
            responses: &loaded.responses,
        }),
        blobs: &blobs,
        lang,
    };
    let mut bytes = Vec::new();
    export(format, &input, &mut bytes)?;
    let write_error = |source| ExportCommandError::Write {
        path: out.display().to_string(),
        source,
    };
    let mut temp_name = out.as_os_str().to_owned();
    temp_name.push(".partial");
    let temp = Path::new(&temp_name);
    let mut file = std::fs::File::create(temp).map_err(write_error)?;
    file.write_all(&bytes).map_err(write_error)?;
    file.sync_all().map_err(write_error)?;
    std::fs::rename(temp, out).map_err(write_error)?;
    Ok(bytes.len() as u64)
}

/// The server's blobs as the exports read them: photos whole, a base map
/// package by range (never read whole).
struct ServerBlobs<'a>(&'a AppState);

impl cityaudit_core::export::BlobSource for ServerBlobs<'_> {
    fn blob(&self, hash: &str) -> Option<Vec<u8>> {
        let hash = BlobHash::parse(hash).ok()?;
        let size = self.0.blobs.size(&hash).ok().flatten()?;
        if size > cityaudit_core::sync::protocol::MAX_BLOB_SIZE {
            return None;
        }
        self.0.blobs.read(&hash).ok().flatten()
    }

    fn blob_range(&self, hash: &str, offset: u64, len: usize) -> Option<Vec<u8>> {
        let hash = BlobHash::parse(hash).ok()?;
        self.0
            .blobs
            .read_range(&hash, offset, len as u64)
            .ok()
            .flatten()
    }
}

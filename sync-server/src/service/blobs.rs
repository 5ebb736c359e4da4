//! Photo blobs: which ones a device still has to upload, resumable chunked
//! upload within a quota, and download for the uploader and the facilitators
//! of an audit whose documents the uploader made reference the photo.

use cityaudit_core::basemap::starts_like_a_package;
use cityaudit_core::ids::BlobHash;
use cityaudit_core::sync::access::{
    may_read_base_map, may_read_blob, may_upload_base_maps, may_upload_blobs, may_write,
};
use cityaudit_core::sync::protocol::{
    BlobChunkResponse, MissingBlob, MissingBlobsRequest, MissingBlobsResponse, MAX_BLOB_CHUNK,
    MAX_BLOB_SIZE, MAX_MISSING_HASHES, MAX_UPLOADED_BYTES,
};
use std::collections::HashSet;

use super::authenticate;
use crate::blobs::ContentRange;
use crate::documents::{base_map_hash, keep, load_cached};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{DocumentInfo, DocumentKind, Transaction};

/// `POST /v1/blobs/missing`: of the hashes asked about, those the caller
/// has not uploaded whole, each with the bytes of the caller's unfinished
/// upload. It says nothing about other people's uploads: whether the server
/// holds a photo is not something a hash should reveal.
pub fn missing(
    state: &AppState,
    token: &str,
    request: &MissingBlobsRequest,
) -> Result<MissingBlobsResponse, AppError> {
    if request.hashes.len() > MAX_MISSING_HASHES {
        return Err(AppError::TooLarge(format!(
            "{} hashes in one request; at most {MAX_MISSING_HASHES} are allowed: ask in batches",
            request.hashes.len()
        )));
    }
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    let me = &caller.principal.id;
    let mut seen = HashSet::new();
    let mut missing = Vec::new();
    for hash in &request.hashes {
        if !seen.insert(hash) || tx.blob_uploaders(hash)?.contains(me) {
            continue;
        }
        missing.push(MissingBlob {
            hash: hash.clone(),
            offset: state.blobs.received(hash, me)?,
        });
    }
    Ok(MissingBlobsResponse { missing })
}

/// `PUT /v1/blobs/{hash}`: one chunk of the caller's upload, by a
/// participant (its photos) or a facilitator (photos received outside the
/// app), within the caller's storage quota.
pub fn put_chunk(
    state: &AppState,
    token: &str,
    hash: &BlobHash,
    range: ContentRange,
    bytes: &[u8],
) -> Result<BlobChunkResponse, AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    if !may_upload_blobs(&caller.memberships) {
        return Err(AppError::Forbidden(
            "only participants and facilitators of an audit upload photos".into(),
        ));
    }
    range.check_body(bytes.len())?;
    check_large_upload(&caller.memberships, range, bytes)?;
    let me = caller.principal.id.clone();
    if tx.blob_uploaders(hash)?.contains(&me) {
        return Ok(BlobChunkResponse {
            offset: range.total,
            complete: true,
        });
    }
    let used = tx.uploaded_bytes(&me)?;
    if used.saturating_add(range.total) > MAX_UPLOADED_BYTES {
        return Err(AppError::TooLarge(format!(
            "you may store at most {} MiB of photos; {} MiB are used",
            MAX_UPLOADED_BYTES >> 20,
            used >> 20
        )));
    }
    drop(tx);
    let outcome = state.blobs.write_chunk(hash, &me, range, bytes)?;
    if outcome.complete {
        let mut tx = state.storage.begin()?;
        tx.add_blob_uploader(hash, &me, outcome.received)?;
        tx.commit()?;
        // No hash in the log: a hash is enough to ask for a photo.
        tracing::info!(bytes = outcome.received, "blob complete");
    }
    Ok(BlobChunkResponse {
        offset: outcome.received,
        complete: outcome.complete,
    })
}

/// Refuses an upload larger than a photo unless a facilitator sends it
/// and its first chunk starts like a PMTiles v3 map package.
fn check_large_upload(
    memberships: &[cityaudit_core::sync::access::Membership],
    range: ContentRange,
    bytes: &[u8],
) -> Result<(), AppError> {
    if range.total <= MAX_BLOB_SIZE {
        return Ok(());
    }
    if !may_upload_base_maps(memberships) {
        return Err(AppError::TooLarge(format!(
            "a photo may have at most {} MiB; this one has {} bytes",
            MAX_BLOB_SIZE >> 20,
            range.total
        )));
    }
    if range.start == 0 && !starts_like_a_package(bytes) {
        return Err(AppError::TooLarge(format!(
            "only a PMTiles v3 map package may be larger than {} MiB; this upload is not one",
            MAX_BLOB_SIZE >> 20
        )));
    }
    Ok(())
}

/// Which bytes of a blob a `GET` asks for: all of them, or a range
/// (`?offset=&length=`, how base map packages are fetched).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobPart {
    /// The whole blob (at most a photo's size).
    Whole,
    /// `length` bytes (at most a chunk) from `offset`.
    Range {
        /// First byte.
        offset: u64,
        /// Bytes wanted.
        length: u64,
    },
}

/// `GET /v1/blobs/{hash}`: the blob's bytes, for whoever uploaded them, and
/// for a facilitator of an audit whose documents reference the blob when
/// whoever wrote the reference uploaded the bytes (a participant's own
/// response document, or the audit document for a facilitator of it). A
/// hash written into a document by someone who never had the photo opens
/// nothing. Someone who may read a document referencing the blob hears 404
/// until its writer has uploaded it (the same whether anyone else holds
/// those bytes or not); anyone else gets 403, whether the blob exists or not.
/// An audit's base map package is readable by every member of the audit
/// once a facilitator of it uploaded it.
pub fn get(
    state: &AppState,
    token: &str,
    hash: &BlobHash,
    part: BlobPart,
) -> Result<Vec<u8>, AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    let uploaders = tx.blob_uploaders(hash)?;
    let mut allowed = uploaders.contains(&caller.principal.id);
    let mut sees_a_reference = false;
    let referrers = tx.blob_referrers(hash)?;
    for info in &referrers {
        if allowed {
            break;
        }
        if may_read_blob(&caller.memberships, &[info.as_ref()]) {
            sees_a_reference = true;
            allowed = referred_by_an_uploader(tx.as_mut(), info, &uploaders)?;
        }
    }
    for info in &referrers {
        if allowed {
            break;
        }
        if info.kind == DocumentKind::Audit
            && may_read_base_map(&caller.memberships, &info.audit_id)
            && is_base_map_of(state, tx.as_mut(), info, hash)?
        {
            sees_a_reference = true;
            allowed = referred_by_an_uploader(tx.as_mut(), info, &uploaders)?;
        }
    }
    drop(tx);
    let not_yet = || AppError::NotFound(format!("blob {hash} has not been uploaded yet"));
    if !allowed {
        return Err(if sees_a_reference {
            not_yet()
        } else {
            AppError::Forbidden(format!(
                "you may not read blob {hash}: no document you may read references it"
            ))
        });
    }
    match part {
        BlobPart::Whole => {
            let size = state.blobs.size(hash)?.ok_or_else(not_yet)?;
            if size > MAX_BLOB_SIZE {
                return Err(AppError::TooLarge(format!(
                    "blob {hash} has {size} bytes: ask for it in ranges of at most \
                     {MAX_BLOB_CHUNK} bytes (?offset=&length=)"
                )));
            }
            state.blobs.read(hash)?.ok_or_else(not_yet)
        }
        BlobPart::Range { offset, length } => {
            if length == 0 || length > MAX_BLOB_CHUNK as u64 {
                return Err(AppError::BadRequest(format!(
                    "ask for 1 to {MAX_BLOB_CHUNK} bytes at a time, not {length}"
                )));
            }
            let size = state.blobs.size(hash)?.ok_or_else(not_yet)?;
            if offset >= size {
                return Err(AppError::BadRequest(format!(
                    "offset {offset} is past the end of the blob's {size} bytes"
                )));
            }
            state
                .blobs
                .read_range(hash, offset, length)?
                .ok_or_else(not_yet)
        }
    }
}

/// Whether the audit document `info` names `hash` as its base map package
/// (read from the loaded document, kept in the cache for the next range).
fn is_base_map_of(
    state: &AppState,
    tx: &mut dyn Transaction,
    info: &DocumentInfo,
    hash: &BlobHash,
) -> Result<bool, AppError> {
    let (rows, doc) = load_cached(tx, &state.documents, info.clone())?;
    let named = base_map_hash(&doc).as_ref() == Some(hash);
    keep(&state.documents, rows, doc);
    Ok(named)
}

/// Whether the document `info` references the blob on behalf of one of its
/// `uploaders`: a member of the audit who may write the document (a
/// response document's participant, a facilitator for the audit document).
fn referred_by_an_uploader(
    tx: &mut dyn Transaction,
    info: &DocumentInfo,
    uploaders: &[String],
) -> Result<bool, AppError> {
    let members = tx.members(&info.audit_id)?;
    Ok(members.iter().any(|status| {
        let member = &status.member;
        uploaders.contains(&member.principal_id) && may_write(&member.membership(), info.as_ref())
    }))
}

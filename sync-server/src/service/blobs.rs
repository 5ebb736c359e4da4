//! Photo blobs: which ones the server lacks, resumable chunked upload, and
//! download for those who may read a document that references the photo.

use cityaudit_core::ids::BlobHash;
use cityaudit_core::sync::access::{may_read_blob, may_upload_blobs};
use cityaudit_core::sync::protocol::{
    BlobChunkResponse, MissingBlob, MissingBlobsRequest, MissingBlobsResponse, MAX_MISSING_HASHES,
};
use std::collections::HashSet;

use super::authenticate;
use crate::blobs::ContentRange;
use crate::error::AppError;
use crate::state::AppState;

/// `POST /v1/blobs/missing`: the hashes the server has no complete copy
/// of, each with the bytes of an unfinished upload.
pub fn missing(
    state: &AppState,
    token: &str,
    request: &MissingBlobsRequest,
) -> Result<MissingBlobsResponse, AppError> {
    authenticate(state.storage.begin()?.as_mut(), token)?;
    if request.hashes.len() > MAX_MISSING_HASHES {
        return Err(AppError::TooLarge(format!(
            "{} hashes in one request; at most {MAX_MISSING_HASHES} are allowed: ask in batches",
            request.hashes.len()
        )));
    }
    let mut seen = HashSet::new();
    let mut missing = Vec::new();
    for hash in &request.hashes {
        if !seen.insert(hash) || state.blobs.contains(hash)? {
            continue;
        }
        missing.push(MissingBlob {
            hash: hash.clone(),
            offset: state.blobs.received(hash)?,
        });
    }
    Ok(MissingBlobsResponse { missing })
}

/// `PUT /v1/blobs/{hash}`: one chunk of an upload, by a participant (its
/// photos) or a facilitator (photos received outside the app).
pub fn put_chunk(
    state: &AppState,
    token: &str,
    hash: &BlobHash,
    range: ContentRange,
    bytes: &[u8],
) -> Result<BlobChunkResponse, AppError> {
    let caller = authenticate(state.storage.begin()?.as_mut(), token)?;
    if !may_upload_blobs(&caller.memberships) {
        return Err(AppError::Forbidden(
            "only participants and facilitators of an audit upload photos".into(),
        ));
    }
    range.check_body(bytes.len())?;
    let outcome = state.blobs.write_chunk(hash, range, bytes)?;
    if outcome.complete {
        // No hash in the log: a hash is enough to ask for a photo.
        tracing::info!(bytes = outcome.received, "blob complete");
    }
    Ok(BlobChunkResponse {
        offset: outcome.received,
        complete: outcome.complete,
    })
}

/// `GET /v1/blobs/{hash}`: the blob's bytes, for a facilitator of an audit
/// whose documents reference it or the participant whose own response
/// document does.
pub fn get(state: &AppState, token: &str, hash: &BlobHash) -> Result<Vec<u8>, AppError> {
    let mut tx = state.storage.begin()?;
    let caller = authenticate(tx.as_mut(), token)?;
    let referrers = tx.blob_referrers(hash)?;
    drop(tx);
    let refs: Vec<_> = referrers.iter().map(|info| info.as_ref()).collect();
    let not_found = || AppError::NotFound(format!("there is no blob {hash}"));
    if !may_read_blob(&caller.memberships, &refs) {
        if referrers.is_empty() && !state.blobs.contains(hash)? {
            return Err(not_found());
        }
        return Err(AppError::Forbidden(format!(
            "you may not read blob {hash}: no document you may read references it"
        )));
    }
    state.blobs.read(hash)?.ok_or_else(not_found)
}

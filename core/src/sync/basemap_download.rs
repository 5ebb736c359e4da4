//! Downloading the audits' base map packages (up to
//! [`MAX_BASE_MAP_BYTES`](crate::basemap::MAX_BASE_MAP_BYTES)) in ranges of
//! at most [`MAX_BLOB_CHUNK`] bytes, each written durably before the next
//! is asked for, so an interrupted download resumes where it stopped and
//! the package is never held whole in memory. The finished package's
//! SHA-256 is checked before it is kept under its name.

use super::access::device_may_read_base_map;
use super::client::{SyncClient, SyncError};
use super::download::short;
use super::http::{Body, Method};
use super::protocol::{Role, MAX_BLOB_CHUNK};
use crate::ids::BlobHash;
use crate::profile::{Profile, ProfileError};
use crate::store::StoreError;

/// The base map packages this device should hold and lacks, with their
/// sizes: those of the audits it takes part in (a reader of an earlier
/// audit compares scores and fetches no map).
pub fn base_maps_to_download(profile: &Profile) -> Result<Vec<(BlobHash, u64)>, ProfileError> {
    let Some(session) = profile.session()? else {
        return Ok(Vec::new());
    };
    let blobs = profile.blobs();
    let mut wanted = Vec::new();
    for audit_id in profile.audit_ids() {
        let me = session.membership_for(&audit_id);
        if me.role == Role::Reader || !device_may_read_base_map(&me, &audit_id) {
            continue;
        }
        let Some(map) = profile.audit(&audit_id).ok().and_then(|a| a.base_map()) else {
            continue;
        };
        if !blobs.contains(&map.hash) && !wanted.iter().any(|(h, _)| *h == map.hash) {
            wanted.push((map.hash, map.bytes));
        }
    }
    Ok(wanted)
}

/// How one package's download ended.
pub enum MapDownload {
    /// Complete and verified.
    Done,
    /// The server does not have it complete yet.
    NotYet,
    /// Its bytes did not match its hash: discarded.
    Damaged,
}

fn local(error: impl std::fmt::Display) -> SyncError {
    SyncError::Local(StoreError::Blob(error.to_string()).into())
}

impl SyncClient {
    /// Downloads one package of `size` bytes, resuming a partial download.
    pub fn download_base_map(
        &self,
        profile: &Profile,
        hash: &BlobHash,
        size: u64,
    ) -> Result<MapDownload, SyncError> {
        let blobs = profile.blobs();
        let mut received = blobs.received(hash).map_err(local)?;
        if received > size {
            blobs.discard_received(hash).map_err(local)?;
            received = 0;
        }
        while received < size {
            let length = (size - received).min(MAX_BLOB_CHUNK as u64);
            let path = format!(
                "/v1/blobs/{}?offset={received}&length={length}",
                hash.as_str()
            );
            let response = self
                .http
                .exchange(Method::Get, &path, Body::empty(), length, true)?;
            if response.status == 404 {
                return Ok(MapDownload::NotYet);
            }
            let got = response.body.len() as u64;
            if got == 0 || got > length {
                return Err(SyncError::Protocol(format!(
                    "the server sent {got} bytes of map {} where {length} were asked for",
                    short(hash)
                )));
            }
            blobs
                .append_received(hash, received, &response.body)
                .map_err(local)?;
            received += got;
        }
        if blobs.finish_received(hash).map_err(local)? {
            Ok(MapDownload::Done)
        } else {
            Ok(MapDownload::Damaged)
        }
    }
}

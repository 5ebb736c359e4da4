//! Downloading photo blobs a device may read but does not hold yet: a
//! facilitator's device fetches every photo of its audits' responses, so
//! the review gallery shows thumbnails and the report embeds the photos.
//!
//! Each blob is fetched with `GET /v1/blobs/{hash}`, its SHA-256 checked,
//! and only then written (temporary file, then rename) with its thumbnail.
//! A blob whose bytes do not match its name is discarded and fetched again
//! at the next sync; a blob the server does not have complete yet (404) is
//! simply waited for.

use std::collections::BTreeSet;

use super::access::{device_may_read_blob, HeldDocument};
use super::basemap_download::MapDownload;
use super::client::{SyncClient, SyncError};
use super::http::{Body, Method};
use super::protocol::MAX_BLOB_SIZE;
use crate::ids::BlobHash;
use crate::profile::{Profile, ProfileError};

/// What one round of downloads came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownloadReport {
    /// Blobs fetched, verified and stored.
    pub downloaded: usize,
    /// Blobs the server does not have complete yet (their upload is pending).
    pub not_on_server: usize,
    /// Blobs whose bytes did not match their hash: discarded, not stored.
    pub damaged: Vec<BlobHash>,
}

/// The photo blobs this device may read and lacks, in hash order.
///
/// A facilitator reads every response document it holds (the server gives
/// it only those of its audits) and the photos its audits received outside
/// the app; a participant only its own response (its second device fetches
/// its own photos), as [`device_may_read_blob`] decides. A profile that has
/// not joined downloads nothing.
pub fn blobs_to_download(profile: &Profile) -> Result<Vec<BlobHash>, ProfileError> {
    let Some(session) = profile.session()? else {
        return Ok(Vec::new());
    };
    // Through the summary cache: unchanged documents are not loaded.
    let responses = match profile.read_responses() {
        Ok(all) => all,
        // A damaged document fails the whole read: read the others one by one.
        Err(_) => profile
            .response_ids()
            .into_iter()
            .filter_map(|id| profile.response(&id).ok().map(|r| (id, r)))
            .collect(),
    };
    let blobs = profile.blobs();
    let mut wanted = BTreeSet::new();
    for (id, response) in responses {
        // By the audit it arrived under: a writer cannot move it elsewhere.
        let Ok(audit) = profile.response_audit(&id) else {
            continue;
        };
        let me = session.membership_for(audit);
        if !device_may_read_blob(&me, &[HeldDocument::Response(&id)]) {
            continue;
        }
        wanted.extend(
            response
                .photo_hashes()
                .into_iter()
                .filter(|hash| !blobs.contains(hash)),
        );
    }
    // Photos received outside the app, referenced by the audit documents.
    for audit_id in profile.audit_ids() {
        if !device_may_read_blob(&session.membership_for(&audit_id), &[HeldDocument::Audit]) {
            continue;
        }
        let Ok(audit) = profile.audit(&audit_id) else {
            continue;
        };
        wanted.extend(
            audit
                .received_photo_hashes()
                .into_iter()
                .filter(|hash| !blobs.contains(hash)),
        );
    }
    Ok(wanted.into_iter().collect())
}

/// A blob as the server answered it.
enum Fetched {
    /// The bytes (not yet verified).
    Bytes(Vec<u8>),
    /// 404: the upload is not complete yet.
    NotYet,
}

impl SyncClient {
    /// Downloads every blob of [`blobs_to_download`], verifying each.
    /// `progress(done, total)` is called before the first and after each blob.
    /// A damaged blob does not stop the others: it is listed in the report.
    pub fn download_blobs(
        &self,
        profile: &Profile,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<DownloadReport, SyncError> {
        let wanted = blobs_to_download(profile)?;
        let maps = super::basemap_download::base_maps_to_download(profile)?;
        let total = wanted.len() + maps.len();
        let mut report = DownloadReport::default();
        progress(0, total);
        for (index, hash) in wanted.iter().enumerate() {
            match self.fetch_blob(hash)? {
                Fetched::NotYet => report.not_on_server += 1,
                Fetched::Bytes(bytes) => {
                    if profile.keep_downloaded_photo(hash, &bytes)? {
                        report.downloaded += 1;
                    } else {
                        report.damaged.push(hash.clone());
                    }
                }
            }
            progress(index + 1, total);
        }
        // Base map packages count as one blob each in the progress.
        for (index, (hash, size)) in maps.iter().enumerate() {
            match self.download_base_map(profile, hash, *size)? {
                MapDownload::Done => report.downloaded += 1,
                MapDownload::NotYet => report.not_on_server += 1,
                MapDownload::Damaged => report.damaged.push(hash.clone()),
            }
            progress(wanted.len() + index + 1, total);
        }
        Ok(report)
    }

    /// `GET /v1/blobs/{hash}`, reading at most [`MAX_BLOB_SIZE`] bytes.
    fn fetch_blob(&self, hash: &BlobHash) -> Result<Fetched, SyncError> {
        let path = format!("/v1/blobs/{}", hash.as_str());
        let response = self
            .http
            .exchange(Method::Get, &path, Body::empty(), MAX_BLOB_SIZE, true)
            .map_err(|error| match error {
                SyncError::Protocol(_) => SyncError::Protocol(format!(
                    "the server sent photo {} larger than {MAX_BLOB_SIZE} bytes",
                    short(hash)
                )),
                other => other,
            })?;
        if response.status == 404 {
            return Ok(Fetched::NotYet);
        }
        Ok(Fetched::Bytes(response.body))
    }
}

/// The first characters of a hash, enough to tell photos apart in a message.
pub fn short(hash: &BlobHash) -> &str {
    hash.as_str().get(..12).unwrap_or(hash.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocumentId;
    use crate::media::NewReceivedPhoto;
    use crate::model::Role;
    use crate::model::{NewAudit, NewParticipant, PhotoInput, PhotoRecord, TemplateChoice};
    use crate::profile::Session;

    fn photo(hash: &BlobHash) -> PhotoInput {
        PhotoInput {
            hash: hash.clone(),
            record: PhotoRecord {
                title: "Crossing".into(),
                caption: String::new(),
                theme: "friendly".into(),
                location: None,
                taken_at: None,
                stop: None,
                media_type: "image/jpeg".into(),
                size: 10,
                consent: true,
                added_at: 1,
            },
        }
    }

    fn session(role: Role, audit_id: &DocumentId, response_doc: Option<DocumentId>) -> Session {
        Session {
            server: "http://127.0.0.1:1".into(),
            token: "t".into(),
            role,
            audit_id: audit_id.clone(),
            participant_id: "p1".into(),
            response_doc,
            read_only_audits: Vec::new(),
        }
    }

    /// A profile holding an audit with a received photo and two responses
    /// with a photo each, none of whose bytes it holds.
    struct Held {
        profile: Profile,
        audit: DocumentId,
        mine: (DocumentId, BlobHash),
        theirs: BlobHash,
        received: BlobHash,
    }

    fn held(dir: &std::path::Path) -> Held {
        let mut profile = Profile::open(&dir.join("p.sqlite")).expect("open");
        let templates = TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        };
        let audit = profile
            .create_audit(&NewAudit::undated("Walk", "Sofia", templates))
            .expect("audit");
        let mut respond = |name: &str, bytes: &[u8]| {
            let joining = NewParticipant {
                display_name: name.into(),
                group: "other".into(),
                gender: None,
                accept_photo_terms: true,
                share_photo_locations: true,
            };
            let id = profile.join(&audit, &joining).expect("join");
            let hash = BlobHash::of(bytes);
            profile.add_photo(&id, &photo(&hash)).expect("photo record");
            (id, hash)
        };
        let mine = respond("Lark", b"mine");
        let (_, theirs) = respond("Wren", b"theirs");
        let jpeg = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/photos/DSCN0010.jpg"),
        )
        .expect("fixture");
        let received = profile
            .add_received_photo_file(
                &audit,
                &jpeg,
                &NewReceivedPhoto {
                    title: "Sent by e-mail".into(),
                    caption: String::new(),
                    theme: "improvement".into(),
                    credit: "Amina K.".into(),
                    received_via: "email".into(),
                    consent: true,
                    consent_note: "Signed form".into(),
                    location: None,
                    keep_photo_position: false,
                },
            )
            .expect("received photo");
        // As on a device that synced the documents but not the bytes.
        profile.blobs().remove(&received).expect("remove");
        Held {
            profile,
            audit,
            mine,
            theirs,
            received,
        }
    }

    fn sorted(mut hashes: Vec<BlobHash>) -> Vec<BlobHash> {
        hashes.sort();
        hashes
    }

    #[test]
    fn each_session_downloads_the_photos_its_token_may_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut h = held(dir.path());
        assert!(
            blobs_to_download(&h.profile).expect("wanted").is_empty(),
            "not joined: nothing"
        );

        let (mine, my_photo) = h.mine.clone();
        let participant = session(Role::Participant, &h.audit, Some(mine));
        h.profile.set_session(&participant).expect("session");
        assert_eq!(
            blobs_to_download(&h.profile).expect("wanted"),
            vec![my_photo.clone()],
            "a participant: only its own photos, never received ones"
        );

        let facilitator = session(Role::Facilitator, &h.audit, None);
        h.profile.set_session(&facilitator).expect("session");
        assert_eq!(
            blobs_to_download(&h.profile).expect("wanted"),
            sorted(vec![my_photo, h.theirs.clone(), h.received.clone()]),
            "a facilitator: every response's photos and the received ones"
        );
    }
}

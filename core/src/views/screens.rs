//! The profile as the participant's screens see it: views of the session,
//! the audit, one's own response and sync.

use std::collections::HashSet;

use super::{
    AuditView, PhotoView, ResponseView, SessionView, SyncState, SyncStatusView, UploadView,
};
use crate::ids::{BlobHash, DocumentId};
use crate::profile::{Profile, ProfileError};

/// How the app's sync runner last fared, which the store alone cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncActivity {
    /// A sync is running now.
    pub running: bool,
    /// The last attempt failed because the server could not be reached.
    pub offline: bool,
}

impl Profile {
    /// The session as the UI shows it, if this device has joined an audit.
    pub fn session_view(&self) -> Result<Option<SessionView>, ProfileError> {
        let Some(session) = self.session()? else {
            return Ok(None);
        };
        let response = match &session.response_doc {
            Some(id) if self.has_response(id) => Some(self.response(id)?),
            _ => None,
        };
        let mut view = SessionView::new(&session, response.as_ref(), self.language()?);
        if view.display_name.is_empty() {
            if let Some(joining) = self.joining()? {
                view.display_name = joining.display_name;
                view.group = joining.group;
            }
        }
        Ok(Some(view))
    }

    /// The audit as the participant's screens need it.
    pub fn audit_view(&self, id: &DocumentId) -> Result<AuditView, ProfileError> {
        Ok(AuditView::new(id.as_str(), self.audit(id)?))
    }

    /// One's own response with photo thumbnails and upload state.
    pub fn response_view(&self, id: &DocumentId) -> Result<ResponseView, ProfileError> {
        let response = self.response(id)?;
        let pending: HashSet<BlobHash> = self
            .pending_uploads()?
            .into_iter()
            .map(|upload| upload.hash)
            .collect();
        let audit = self.audit(self.response_audit(id)?)?;
        Ok(ResponseView::new(audit, &response, |hash, record| {
            let parsed = BlobHash::parse(hash).ok();
            let thumbnail = parsed
                .as_ref()
                .and_then(|h| self.thumbnail_data_url(h))
                .unwrap_or_default();
            let uploaded = parsed.is_some_and(|h| !pending.contains(&h));
            PhotoView::new(hash, record, thumbnail, uploaded)
        }))
    }

    /// Sync status for the status bar, given what the sync runner knows.
    pub fn sync_status_view(
        &mut self,
        activity: SyncActivity,
    ) -> Result<SyncStatusView, ProfileError> {
        let session = self.session()?;
        let pending_changes = match &session {
            Some(session) => self.pending_changes(&session.server)?,
            None => 0,
        };
        let titles = self.photo_titles()?;
        let uploads = self
            .pending_uploads()?
            .into_iter()
            .map(|upload| UploadView {
                title: titles
                    .iter()
                    .find(|(hash, _)| hash == upload.hash.as_str())
                    .map(|(_, title)| title.clone())
                    .unwrap_or_default(),
                hash: upload.hash.to_string(),
                sent_bytes: upload.sent,
                total_bytes: upload.size,
            })
            .collect();
        let pending_downloads = crate::sync::download::blobs_to_download(self)?.len();
        let last_sync_at = self.last_sync_at()?;
        let last_error = self.last_sync_error()?;
        let state = if activity.running {
            SyncState::Syncing
        } else if activity.offline {
            SyncState::Offline
        } else if last_error.is_some() {
            SyncState::Error
        } else if last_sync_at.is_none() {
            SyncState::NeverSynced
        } else {
            SyncState::UpToDate
        };
        Ok(SyncStatusView {
            state,
            pending_changes,
            uploads,
            pending_downloads,
            last_sync_at,
            last_error,
        })
    }

    /// Titles of the photos in this profile's responses, by blob hash.
    fn photo_titles(&self) -> Result<Vec<(String, String)>, ProfileError> {
        let mut titles = Vec::new();
        for id in self.response_ids() {
            let response = self.response(&id)?;
            titles.extend(
                response
                    .photos()
                    .map(|(hash, record)| (hash.clone(), record.title.clone())),
            );
        }
        Ok(titles)
    }
}

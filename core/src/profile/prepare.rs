//! Preparing an audit: the photovoice time window.

use super::{Profile, ProfileError};
use crate::ids::DocumentId;
use crate::model::PhotovoiceWindow;

impl Profile {
    /// Sets when photos may be taken for the photovoice.
    pub fn set_photovoice_window(
        &mut self,
        audit_id: &DocumentId,
        window: PhotovoiceWindow,
    ) -> Result<(), ProfileError> {
        self.edit_audit(audit_id, |audit| audit.set_photovoice_window(window))
    }
}

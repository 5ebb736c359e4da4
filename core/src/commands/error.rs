//! The error every command returns: `{ code, message, details }`, mapped in
//! this one place from core's error enums. `code` is stable and meant for
//! the UI to choose a translated text; `message` is core's English words;
//! `details` carries the values a translation needs (an item id, a limit).

use serde::Serialize;
use serde_json::{json, Value};

use crate::export::ExportError;
use crate::media::MediaError;
use crate::model::ModelError;
use crate::profile::ProfileError;
use crate::store::StoreError;
use crate::sync::client::SyncError;
use crate::sync::facilitator::QrError;
use crate::sync::invites::InviteLimitError;
use crate::sync::joining::InviteError;
use crate::sync::prepare::PrepareError;
use crate::views::facilitator::FacilitatorViewError;

/// A command's failure, as it crosses to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{message}")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommandError {
    /// Stable machine-readable code, e.g. `score_out_of_range`, `offline`.
    pub code: &'static str,
    /// What went wrong, in words (English; the UI translates by `code`).
    pub message: String,
    /// Values for the translated text, or `null`.
    pub details: Value,
}

/// The first letter in upper case: core's messages start in lower case.
fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

impl CommandError {
    /// An error with a code, words (used as given) and no details.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
            details: Value::Null,
        }
    }

    /// An error from one of core's messages, which start in lower case.
    fn from_core(code: &'static str, error: impl std::fmt::Display) -> Self {
        CommandError::new(code, sentence(error.to_string()))
    }

    /// Adds details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// The request could not be read (a bug in the UI, not the person's fault).
    pub fn bad_request(error: impl std::fmt::Display) -> Self {
        CommandError::new(
            "bad_request",
            format!("The app sent a request it cannot read: {error}"),
        )
    }
}

impl From<ModelError> for CommandError {
    fn from(error: ModelError) -> Self {
        let (code, details) = match &error {
            ModelError::ScoreOutOfRange(score) => ("score_out_of_range", json!({ "score": score })),
            ModelError::AgreedScoreOutOfRange(score) => {
                ("agreed_score_out_of_range", json!({ "score": score }))
            }
            ModelError::InvalidAnswer(_) => ("invalid_answer", Value::Null),
            ModelError::UnknownItem(item) => ("unknown_item", json!({ "item": item })),
            ModelError::WrongPlaceForItem { item, .. } => {
                ("wrong_place_for_item", json!({ "item": item }))
            }
            ModelError::UnknownStop(stop) => ("unknown_stop", json!({ "stop": stop })),
            ModelError::UnknownPlannedStop(stop) => {
                ("unknown_planned_stop", json!({ "stop": stop }))
            }
            ModelError::UnknownTheme(theme) => ("unknown_theme", json!({ "theme": theme })),
            ModelError::UnknownGroup(group) => ("unknown_group", json!({ "group": group })),
            ModelError::UnknownPhoto(_) => ("unknown_photo", Value::Null),
            ModelError::NotInAudit(what) => ("not_in_audit", json!({ "what": what })),
            ModelError::TooLong { field, max, .. } => {
                ("too_long", json!({ "field": field, "max": max }))
            }
            ModelError::Empty(field) => ("empty", json!({ "field": field })),
            ModelError::ForbiddenCharacter { field, code_point } => (
                "forbidden_character",
                json!({ "field": field, "character": code_point }),
            ),
            ModelError::NotAnAuditId(id) => ("not_an_audit_id", json!({ "id": id })),
            ModelError::PhotovoiceWindowMissing => ("photovoice_window_missing", Value::Null),
            ModelError::InvalidDate { field, value } => {
                ("invalid_date", json!({ "field": field, "value": value }))
            }
            ModelError::EndsBeforeStart { starts_on, ends_on } => (
                "ends_before_start",
                json!({ "startsOn": starts_on, "endsOn": ends_on }),
            ),
            ModelError::InvalidLocation { .. } => ("invalid_location", Value::Null),
            ModelError::ConsentMissing => ("consent_missing", Value::Null),
            ModelError::TrackConsentMissing => ("track_consent_missing", Value::Null),
            ModelError::InvalidLanguage(_) => ("invalid_language", Value::Null),
            ModelError::NotJoined => ("not_joined", Value::Null),
            ModelError::UnknownField { record, field } => {
                ("unknown_field", json!({ "record": record, "field": field }))
            }
            ModelError::UnknownRecord { record, id } => {
                ("unknown_record", json!({ "record": record, "id": id }))
            }
            ModelError::InvalidValue { field, .. } => ("invalid_value", json!({ "field": field })),
            ModelError::Template(problem) => ("template_invalid", json!(problem)),
            ModelError::TemplateInUse => ("template_in_use", Value::Null),
            _ => ("invalid", Value::Null),
        };
        CommandError::from_core(code, error).with_details(details)
    }
}

impl From<MediaError> for CommandError {
    fn from(error: MediaError) -> Self {
        let code = match &error {
            MediaError::NotAnImage => "not_a_photo",
            MediaError::Unsupported(_) => "photo_format_unsupported",
            MediaError::Unreadable(_) => "photo_unreadable",
            MediaError::Encode(_) => "photo_not_prepared",
            MediaError::Duplicate => "photo_duplicate",
        };
        CommandError::from_core(code, error)
    }
}

impl From<ProfileError> for CommandError {
    fn from(error: ProfileError) -> Self {
        match error {
            ProfileError::Invalid(model) => (*model).into(),
            ProfileError::Media(media) => media.into(),
            ProfileError::NotAllowed(_) => CommandError::from_core("not_allowed", error),
            ProfileError::Budget(_) => CommandError::from_core("sync_message_refused", error),
            ProfileError::BaseMap(map) => CommandError::from_core(base_map_code(&map), map),
            ProfileError::Store(store) if matches!(*store, StoreError::NotFound(_)) => {
                CommandError::from_core("not_found", store)
            }
            other => CommandError::from_core("storage", other),
        }
    }
}

/// The code of a base map failure.
fn base_map_code(error: &crate::basemap::BaseMapError) -> &'static str {
    use crate::basemap::BaseMapError;
    match error {
        BaseMapError::Package(_) => "base_map_invalid",
        BaseMapError::TooLarge { .. } => "base_map_too_large",
        BaseMapError::NoBaseMap => "base_map_none",
        BaseMapError::NotOnDevice => "base_map_not_arrived",
        BaseMapError::OutOfRange { .. } => "base_map_range",
    }
}

/// The code of a failed sync (a local failure is `storage`).
fn sync_code(error: &SyncError) -> &'static str {
    match error {
        SyncError::Offline(_) => "offline",
        SyncError::Unauthorized(_) => "unauthorized",
        SyncError::Refused(_) => "refused",
        SyncError::Server(_) => "server_error",
        SyncError::Busy { .. } => "busy",
        SyncError::Protocol(_) => "protocol",
        SyncError::NotJoined => "not_joined",
        SyncError::DamagedDownload(_) => "damaged_download",
        SyncError::Local(_) => "storage",
    }
}

impl From<SyncError> for CommandError {
    fn from(error: SyncError) -> Self {
        let code = sync_code(&error);
        match error {
            SyncError::Local(profile) => profile.into(),
            other => CommandError::from_core(code, other),
        }
    }
}

impl From<InviteError> for CommandError {
    fn from(error: InviteError) -> Self {
        let code = match &error {
            InviteError::NotALink => "invite_not_a_link",
            InviteError::BadServer => "invite_bad_server",
            InviteError::BadCode(_) => "invite_bad_code",
        };
        CommandError::from_core(code, error)
    }
}

impl From<InviteLimitError> for CommandError {
    fn from(error: InviteLimitError) -> Self {
        let (code, details) = match error {
            InviteLimitError::Lifetime { max_days } => {
                ("invite_days_invalid", json!({ "max": max_days }))
            }
            InviteLimitError::Uses { max_uses } => {
                ("invite_uses_invalid", json!({ "max": max_uses }))
            }
        };
        CommandError::from_core(code, error).with_details(details)
    }
}

impl From<PrepareError> for CommandError {
    fn from(error: PrepareError) -> Self {
        let (code, audit_id, cause) = match error {
            PrepareError::Invalid(model) => return (*model).into(),
            PrepareError::NotCreated(sync) => return sync.into(),
            PrepareError::Local(profile) => return profile.into(),
            PrepareError::NotFacilitator => return CommandError::from_core("not_allowed", error),
            PrepareError::NotArrived {
                ref audit_id,
                error: ref cause,
            } => ("audit_not_arrived", audit_id, cause),
            PrepareError::NotSent {
                ref audit_id,
                error: ref cause,
            } => ("audit_not_sent", audit_id, cause),
        };
        let details = json!({ "auditId": audit_id.as_str(), "cause": sync_code(cause) });
        CommandError::from_core(code, &error).with_details(details)
    }
}

impl From<QrError> for CommandError {
    fn from(error: QrError) -> Self {
        CommandError::from_core("qr_code_failed", error)
    }
}

impl From<ExportError> for CommandError {
    fn from(error: ExportError) -> Self {
        let code = match &error {
            ExportError::UnknownFormat(_) => "unknown_export_format",
            ExportError::UnknownLanguage(_) => "unknown_report_language",
            _ => "export_failed",
        };
        CommandError::from_core(code, error)
    }
}

impl From<FacilitatorViewError> for CommandError {
    fn from(error: FacilitatorViewError) -> Self {
        match error {
            FacilitatorViewError::Profile(profile) => profile.into(),
            FacilitatorViewError::Export(export) => export.into(),
            FacilitatorViewError::EarlierMissing(ref id) => {
                CommandError::from_core("earlier_audit_missing", &error)
                    .with_details(json!({ "auditId": id }))
            }
            other => CommandError::from_core("export_failed", other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_as_code_message_and_details() {
        let error: CommandError = ModelError::ScoreOutOfRange(9).into();
        let json = serde_json::to_value(&error).expect("json");
        assert_eq!(json["code"], "score_out_of_range");
        assert_eq!(json["details"]["score"], 9);
        let message = json["message"].as_str().expect("text");
        assert!(message.starts_with("Score 9 is not allowed"), "{message}");
    }

    #[test]
    fn wrapped_errors_keep_their_own_code() {
        let profile: ProfileError = ModelError::ConsentMissing.into();
        let sync = SyncError::Local(profile);
        assert_eq!(CommandError::from(sync).code, "consent_missing");
        let offline = SyncError::Offline("no route".into());
        assert_eq!(CommandError::from(offline).code, "offline");
    }
}

//! The limits the UI checks before sending (so a person hears about a too
//! long name as they type) and the fixed choices it offers (genders), taken
//! from the constants core enforces. The UI
//! reads them from `ui/src/limits.json`, which a test keeps equal to these:
//! run `CITYAUDIT_WRITE_UI_LIMITS=1 cargo test -p cityaudit-core limits` to
//! rewrite it after changing a limit.

use serde_json::{json, Value};

use crate::model::{limits, methods, GENDER_CHOICES};
use crate::sync::protocol::{MAX_INVITE_LIFETIME_SECS, MAX_INVITE_USES};

/// Every limit and fixed choice the UI uses, by the name it uses.
pub fn for_ui() -> Value {
    json!({
        "displayName": limits::DISPLAY_NAME,
        "shortText": limits::SHORT_TEXT,
        "longText": limits::LONG_TEXT,
        "inviteDays": MAX_INVITE_LIFETIME_SECS / 86_400,
        "inviteUses": MAX_INVITE_USES,
        "focusGroupCount": methods::MAX_COUNT.unsigned_abs(),
        "focusGroupMinutes": methods::MAX_MINUTES.unsigned_abs(),
        "genderChoices": GENDER_CHOICES,
        "baseMapBytes": crate::basemap::MAX_BASE_MAP_BYTES,
        "trackPoints": limits::TRACK_POINTS,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_ui_reads_the_limits_core_enforces() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/limits.json");
        let wanted = format!(
            "{}\n",
            serde_json::to_string_pretty(&super::for_ui()).expect("json")
        );
        if std::env::var_os("CITYAUDIT_WRITE_UI_LIMITS").is_some() {
            std::fs::write(&path, &wanted).expect("write ui/src/limits.json");
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            found, wanted,
            "ui/src/limits.json differs from core's limits: rerun with CITYAUDIT_WRITE_UI_LIMITS=1"
        );
    }
}

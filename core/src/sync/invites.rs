//! The limits of an invite, checked here once: by the server before it
//! stores an invite (`POST /v1/audits/{id}/invites`, the admin CLI) and by
//! the app before it asks the server. The UI's invite form reads the same
//! bounds from `ui/src/limits.json` (see [`crate::limits`]), and the words
//! are the ones its form shows.

use super::protocol::{CreateInviteRequest, MAX_INVITE_LIFETIME_SECS, MAX_INVITE_USES};

/// Seconds in a day.
const DAY_SECS: u64 = 86_400;

/// An invite outside the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InviteLimitError {
    /// It expires now, in the past, or later than the longest lifetime.
    #[error("Type a whole number of days from 1 to {max_days}.")]
    Lifetime {
        /// The longest lifetime, in days.
        max_days: u64,
    },
    /// It lets no one join, or more people than one invite may allow.
    #[error("Type a whole number from 1 to {max_uses}.")]
    Uses {
        /// The most joins one invite may allow.
        max_uses: u32,
    },
}

impl CreateInviteRequest {
    /// Checks the lifetime (1 second to [`MAX_INVITE_LIFETIME_SECS`]) and the
    /// uses (1 to [`MAX_INVITE_USES`]).
    pub fn validate(&self) -> Result<(), InviteLimitError> {
        if self.expires_in_secs == 0 || self.expires_in_secs > MAX_INVITE_LIFETIME_SECS {
            return Err(InviteLimitError::Lifetime {
                max_days: MAX_INVITE_LIFETIME_SECS / DAY_SECS,
            });
        }
        if self.max_uses == 0 || self.max_uses > MAX_INVITE_USES {
            return Err(InviteLimitError::Uses {
                max_uses: MAX_INVITE_USES,
            });
        }
        Ok(())
    }
}

/// Whole seconds from `now` until `expires_at` (both milliseconds since the
/// epoch), rounded up; 0 when it is not in the future.
pub fn seconds_until(expires_at: i64, now: i64) -> u64 {
    let millis = expires_at.saturating_sub(now).max(0).unsigned_abs();
    millis.div_ceil(1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use std::path::Path;

    fn invite(days: u64, max_uses: u32) -> CreateInviteRequest {
        CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: days * DAY_SECS,
            max_uses,
        }
    }

    /// The English text the UI's invite form shows for `key`, its `{max}` filled in.
    fn ui_text(key: &str, max: u64) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/i18n/en.json");
        let catalogue: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("en.json")).expect("json");
        catalogue[key]
            .as_str()
            .expect("catalogue key")
            .replace("{max}", &max.to_string())
    }

    #[test]
    fn a_120_day_invite_is_refused_with_the_words_the_ui_shows() {
        let error = invite(120, 5).validate().expect_err("120 days");
        assert_eq!(error, InviteLimitError::Lifetime { max_days: 90 });
        let max = crate::limits::for_ui()["inviteDays"]
            .as_u64()
            .expect("days");
        assert_eq!(
            error.to_string(),
            ui_text("invite.problem.daysInvalid", max)
        );
    }

    #[test]
    fn too_many_uses_are_refused_with_the_words_the_ui_shows() {
        let error = invite(1, MAX_INVITE_USES + 1).validate().expect_err("uses");
        let max = crate::limits::for_ui()["inviteUses"]
            .as_u64()
            .expect("uses");
        assert_eq!(
            error.to_string(),
            ui_text("invite.problem.usesInvalid", max)
        );
    }

    #[test]
    fn invites_within_the_limits_pass() {
        assert_eq!(invite(90, MAX_INVITE_USES).validate(), Ok(()));
        assert_eq!(invite(1, 1).validate(), Ok(()));
        assert!(invite(0, 1).validate().is_err(), "expires at once");
        assert!(invite(1, 0).validate().is_err(), "no one may join");
    }

    #[test]
    fn seconds_until_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_until(10_001, 0), 11);
        assert_eq!(seconds_until(0, 5), 0);
        assert!(seconds_until(i64::MAX, i64::MIN) > MAX_INVITE_LIFETIME_SECS);
    }
}

//! This device's settings of a profile: the chosen UI language.

use super::{Profile, ProfileError};
use crate::model::ModelError;

const LANGUAGE_KEY: &str = "language";
/// Longest language tag accepted (BCP 47 tags in use are far shorter).
const MAX_LANGUAGE_TAG: usize = 35;

impl Profile {
    /// The UI language chosen on this device; `None` follows the system.
    pub fn language(&self) -> Result<Option<String>, ProfileError> {
        Ok(self.store.setting(LANGUAGE_KEY)?.filter(|l| !l.is_empty()))
    }

    /// Chooses the UI language (`None` follows the system).
    pub fn set_language(&self, language: Option<&str>) -> Result<(), ProfileError> {
        let tag = language.map(str::trim).unwrap_or("");
        let valid = tag.len() <= MAX_LANGUAGE_TAG
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(ModelError::InvalidLanguage(tag.chars().take(40).collect()).into());
        }
        Ok(self.store.set_setting(LANGUAGE_KEY, tag)?)
    }
}

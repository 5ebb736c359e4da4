//! The base map commands of every role (`base_map_info`, `base_map_range`)
//! and the facilitator's `attach_base_map`.

use serde::Deserialize;

use super::facilitator::facilitator_session;
use super::{CommandError, CommandResult, PickError, PickedFile};
use crate::basemap::{BaseMapError, BaseMapInfo, MAX_BASE_MAP_BYTES};
use crate::ids::DocumentId;
use crate::profile::Profile;
use crate::sync::client::SyncError;

/// A map package as the UI sends it: the file (path, base64 or raw bytes
/// beside the request, as for photos) and a name for people.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AttachBaseMapCommand {
    /// The package file.
    #[serde(flatten)]
    pub file: PickedFile,
    /// A name for people (the file's name when empty).
    #[serde(default)]
    pub name: String,
}

/// A byte range of the audit's package.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BaseMapRangeCommand {
    /// First byte.
    #[cfg_attr(test, ts(type = "number"))]
    pub offset: u64,
    /// Bytes wanted (at most 1 MiB).
    #[cfg_attr(test, ts(type = "number"))]
    pub length: u64,
}

fn session_audit(profile: &Profile) -> CommandResult<DocumentId> {
    Ok(profile
        .session()?
        .ok_or_else(|| CommandError::from(SyncError::NotJoined))?
        .audit_id)
}

/// The package's bytes (see [`PickedFile::read`]); at most [`MAX_BASE_MAP_BYTES`].
fn picked_package(file: &PickedFile, bytes: Option<&[u8]>) -> CommandResult<Vec<u8>> {
    file.read(bytes, MAX_BASE_MAP_BYTES)
        .map_err(|error| match error {
            PickError::Missing => {
                CommandError::new("base_map_missing", "Choose a map package first.")
            }
            PickError::TooLarge(size) => {
                CommandError::from(crate::profile::ProfileError::from(BaseMapError::TooLarge {
                    bytes: size,
                    max: MAX_BASE_MAP_BYTES,
                }))
            }
            PickError::Unreadable(why) => {
                CommandError::new("base_map_unreadable", format!("Cannot open {why}"))
            }
            PickError::Incomplete => CommandError::new(
                "base_map_unreadable",
                "The map package did not arrive whole; pick it again.",
            ),
        })
}

/// Attaches a map package to the session's audit (facilitators).
pub fn attach_base_map(
    profile: &mut Profile,
    request: AttachBaseMapCommand,
    bytes: Option<&[u8]>,
) -> CommandResult<BaseMapInfo> {
    let audit = facilitator_session(profile)?.audit_id;
    let package = picked_package(&request.file, bytes)?;
    let name = if request.name.trim().is_empty() {
        request.file.file_name.as_str()
    } else {
        request.name.as_str()
    };
    let name = if name.trim().is_empty() {
        "Base map"
    } else {
        name
    };
    profile.attach_base_map(&audit, name, &package)?;
    base_map_info(profile)?
        .ok_or_else(|| CommandError::new("storage", "The base map could not be read back."))
}

/// The session audit's base map, or `None` when it has none.
pub fn base_map_info(profile: &Profile) -> CommandResult<Option<BaseMapInfo>> {
    let audit = session_audit(profile)?;
    Ok(profile.base_map_info(&audit)?)
}

/// A byte range of the session audit's package.
pub fn base_map_range(profile: &Profile, request: BaseMapRangeCommand) -> CommandResult<Vec<u8>> {
    let audit = session_audit(profile)?;
    Ok(profile.base_map_range(&audit, request.offset, request.length)?)
}

//! The device's position. Phones ask the geolocation plugin; desktops have
//! no position source, so the UI falls back to a typed position or a pin.

use cityaudit_core::views::LocationView;
use tauri::{AppHandle, Runtime};

/// Why the position could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PositionError {
    /// The platform's location service failed or was refused.
    #[error("the device position is not available: {0}")]
    Unavailable(String),
}

/// The current position, or `None` where the device has no position source.
#[cfg(desktop)]
pub fn current<R: Runtime>(_app: &AppHandle<R>) -> Result<Option<LocationView>, PositionError> {
    Ok(None)
}

/// The current position from the geolocation plugin (asks for permission once).
#[cfg(mobile)]
pub fn current<R: Runtime>(app: &AppHandle<R>) -> Result<Option<LocationView>, PositionError> {
    use cityaudit_core::model::LocationSource;
    use tauri::plugin::PermissionState;
    use tauri_plugin_geolocation::{GeolocationExt, PositionOptions};

    let geolocation = app.geolocation();
    let permissions = geolocation
        .check_permissions()
        .map_err(|e| PositionError::Unavailable(e.to_string()))?;
    if permissions.location != PermissionState::Granted {
        let asked = geolocation
            .request_permissions(None)
            .map_err(|e| PositionError::Unavailable(e.to_string()))?;
        if asked.location != PermissionState::Granted {
            return Ok(None);
        }
    }
    let options = PositionOptions {
        enable_high_accuracy: true,
        timeout: 10_000,
        maximum_age: 30_000,
    };
    let position = geolocation
        .get_current_position(Some(options))
        .map_err(|e| PositionError::Unavailable(e.to_string()))?;
    Ok(Some(LocationView {
        lat: position.coords.latitude,
        lon: position.coords.longitude,
        accuracy_m: Some(position.coords.accuracy),
        source: LocationSource::Device,
    }))
}

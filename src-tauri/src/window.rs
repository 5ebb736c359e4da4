//! The window's size. It is remembered between runs, per role, in
//! `window.json` beside the profile; the first time, a facilitator gets a
//! laptop-size window (the debrief needs the width) and a participant the
//! narrow, phone-like one. Either is kept within the screen.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{LogicalSize, Manager, Runtime, WebviewWindow, WindowEvent};

/// The file the sizes are kept in.
pub const WINDOW_FILE: &str = "window.json";

/// A size in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowSize {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A facilitator's first window: a laptop screen.
pub const LAPTOP: WindowSize = WindowSize {
    width: 1280.0,
    height: 800.0,
};

/// A participant's first window: a phone held upright.
pub const PHONE: WindowSize = WindowSize {
    width: 420.0,
    height: 820.0,
};

/// The smallest window that still shows a screen usefully.
pub const SMALLEST: WindowSize = WindowSize {
    width: 360.0,
    height: 480.0,
};

/// The size to open at: the one remembered for the role, else the role's
/// first size; never larger than 95% of the screen nor smaller than [`SMALLEST`].
pub fn opening_size(
    remembered: Option<WindowSize>,
    facilitator: bool,
    screen: Option<WindowSize>,
) -> WindowSize {
    let wanted = remembered.unwrap_or(if facilitator { LAPTOP } else { PHONE });
    let (max_w, max_h) = screen.map_or((f64::MAX, f64::MAX), |s| (s.width * 0.95, s.height * 0.95));
    let fit = |value: f64, max: f64, min: f64| {
        let value = if value.is_finite() { value } else { min };
        value.min(max).max(min)
    };
    WindowSize {
        width: fit(wanted.width, max_w, SMALLEST.width),
        height: fit(wanted.height, max_h, SMALLEST.height),
    }
}

fn role_key(facilitator: bool) -> &'static str {
    if facilitator {
        "facilitator"
    } else {
        "participant"
    }
}

/// The remembered sizes by role; an unreadable file counts as none.
pub fn load(dir: &Path) -> BTreeMap<String, WindowSize> {
    std::fs::read(dir.join(WINDOW_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Remembers the size for a role (written to a temporary file, then renamed).
pub fn save(dir: &Path, facilitator: bool, size: WindowSize) -> std::io::Result<()> {
    let mut sizes = load(dir);
    sizes.insert(role_key(facilitator).to_owned(), size);
    let json = serde_json::to_vec_pretty(&sizes).map_err(std::io::Error::other)?;
    let temp = dir.join(format!("{WINDOW_FILE}.tmp"));
    std::fs::write(&temp, json)?;
    std::fs::rename(temp, dir.join(WINDOW_FILE))
}

fn screen_of<R: Runtime>(window: &WebviewWindow<R>) -> Option<WindowSize> {
    let monitor = window.current_monitor().ok()??;
    let size = monitor.size().to_logical::<f64>(monitor.scale_factor());
    Some(WindowSize {
        width: size.width,
        height: size.height,
    })
}

/// Whether the window is sized for a facilitator now (the role it is remembered for).
static FACILITATOR_WINDOW: AtomicBool = AtomicBool::new(false);

/// Sizes the window for the role, and from now on remembers its size when it closes.
pub fn follow<R: Runtime>(window: &WebviewWindow<R>, dir: &Path, facilitator: bool) {
    resize_for(window, dir, facilitator);
    let dir = dir.to_owned();
    let handle = window.clone();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::CloseRequested { .. }) {
            let facilitator = FACILITATOR_WINDOW.load(Ordering::Relaxed);
            let scale = handle.scale_factor().unwrap_or(1.0);
            if let Ok(size) = handle.inner_size() {
                let size = size.to_logical::<f64>(scale);
                let size = WindowSize {
                    width: size.width,
                    height: size.height,
                };
                if let Err(error) = save(&dir, facilitator, size) {
                    eprintln!("cityaudit: could not remember the window size: {error}");
                }
            }
        }
    });
}

/// Sizes the window for a role (after joining as facilitator, too).
pub fn resize_for<R: Runtime>(window: &WebviewWindow<R>, dir: &Path, facilitator: bool) {
    FACILITATOR_WINDOW.store(facilitator, Ordering::Relaxed);
    let remembered = load(dir).get(role_key(facilitator)).copied();
    let size = opening_size(remembered, facilitator, screen_of(window));
    if let Err(error) = window.set_size(LogicalSize::new(size.width, size.height)) {
        eprintln!("cityaudit: could not size the window: {error}");
    }
}

/// The main window, if there is one.
pub fn main_window<R: Runtime, M: Manager<R>>(manager: &M) -> Option<WebviewWindow<R>> {
    manager.get_webview_window("main")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: WindowSize = WindowSize {
        width: 1920.0,
        height: 1080.0,
    };

    #[test]
    fn a_facilitator_opens_at_laptop_size_and_a_participant_narrow() {
        assert_eq!(opening_size(None, true, Some(SCREEN)), LAPTOP);
        assert_eq!(opening_size(None, false, Some(SCREEN)), PHONE);
    }

    #[test]
    fn the_remembered_size_wins_but_stays_on_the_screen() {
        let remembered = WindowSize {
            width: 1500.0,
            height: 900.0,
        };
        assert_eq!(
            opening_size(Some(remembered), true, Some(SCREEN)),
            remembered
        );
        let small_screen = WindowSize {
            width: 1366.0,
            height: 768.0,
        };
        let fitted = opening_size(None, true, Some(small_screen));
        assert_eq!((fitted.width, fitted.height), (1280.0, 768.0 * 0.95));
        let tiny = WindowSize {
            width: 10.0,
            height: f64::NAN,
        };
        assert_eq!(opening_size(Some(tiny), true, None), SMALLEST);
    }

    #[test]
    fn sizes_are_remembered_per_role_and_a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).is_empty());
        let wide = WindowSize {
            width: 1400.0,
            height: 860.0,
        };
        save(dir.path(), true, wide).unwrap();
        save(dir.path(), false, PHONE).unwrap();
        let sizes = load(dir.path());
        assert_eq!(sizes.get("facilitator"), Some(&wide));
        assert_eq!(sizes.get("participant"), Some(&PHONE));
        std::fs::write(dir.path().join(WINDOW_FILE), b"{not json").unwrap();
        assert!(load(dir.path()).is_empty());
    }
}

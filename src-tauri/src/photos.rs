//! Reading a photo the person picked: a file path (desktop file picker,
//! WebDriver tests) or the bytes themselves, base64-encoded (a browser file
//! input, a phone camera).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

/// Largest photo accepted from the picker, in bytes.
pub const MAX_PICKED_BYTES: u64 = 40 * 1024 * 1024;

/// The picked photo's bytes, or a message for the person.
pub fn read_picked(
    path: Option<&str>,
    data_base64: Option<&str>,
    file_name: &str,
) -> Result<Vec<u8>, String> {
    let shown = if file_name.is_empty() {
        "the photo"
    } else {
        file_name
    };
    if let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) {
        let size = std::fs::metadata(path)
            .map_err(|e| format!("Cannot open {shown} ({path}): {e}"))?
            .len();
        if size > MAX_PICKED_BYTES {
            return Err(format!("{shown} is larger than 40 MB."));
        }
        return std::fs::read(path).map_err(|e| format!("Cannot read {shown}: {e}"));
    }
    let data = data_base64
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .ok_or("Choose a photo first.")?;
    // A data: URL is accepted too; only its payload is base64.
    let payload = data.split_once(";base64,").map_or(data, |(_, p)| p);
    if payload.len() as u64 > MAX_PICKED_BYTES / 3 * 4 + 4 {
        return Err(format!("{shown} is larger than 40 MB."));
    }
    BASE64
        .decode(payload)
        .map_err(|_| format!("{shown} did not arrive whole; pick it again."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_arrive_from_base64_or_a_data_url() {
        let plain = read_picked(None, Some("AQID"), "a.jpg").expect("decoded");
        assert_eq!(plain, vec![1, 2, 3]);
        let url = read_picked(None, Some("data:image/jpeg;base64,AQID"), "a.jpg").expect("decoded");
        assert_eq!(url, vec![1, 2, 3]);
    }

    #[test]
    fn missing_or_broken_input_is_explained() {
        assert_eq!(
            read_picked(None, None, "").unwrap_err(),
            "Choose a photo first."
        );
        assert!(read_picked(None, Some("***"), "a.jpg")
            .unwrap_err()
            .contains("a.jpg"));
        let missing = read_picked(Some("/no/such/photo.jpg"), None, "photo.jpg").unwrap_err();
        assert!(missing.starts_with("Cannot open photo.jpg"), "{missing}");
    }
}

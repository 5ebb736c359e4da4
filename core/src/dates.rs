//! Times as people and files write them, on the `time` crate: the one place
//! that turns milliseconds since the epoch into calendar text and back.
//! Times arrive from documents other devices wrote, so any `i64` is
//! accepted: one outside the calendar's range (years -9999 to 9999) is
//! written as its number of milliseconds, never lost and never a panic.

use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// The UTC time of `ms` milliseconds since the epoch, if within the calendar.
fn utc(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601, UTC, whole seconds) of `ms`.
pub fn iso_utc(ms: i64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    utc(ms)
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| ms.to_string())
}

/// `YYYY-MM-DD HH:MM UTC` of `ms`, for people reading a terminal.
pub fn utc_minutes(ms: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    utc(ms)
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| ms.to_string())
}

/// An EXIF date and time, `YYYY:MM:DD HH:MM:SS`, read as UTC, in
/// milliseconds since the epoch; `None` for anything else (cameras write
/// `0000:00:00 00:00:00` when they do not know). Anything after the 19
/// characters is ignored; leap seconds (`:60`) are read as the next
/// second's start.
pub fn parse_exif_datetime(text: &str) -> Option<i64> {
    let format = format_description!("[year]:[month]:[day] [hour]:[minute]:[second]");
    let text = text.trim_start().get(..19)?;
    let (text, leap) = match text.strip_suffix(":60") {
        Some(start) => (format!("{start}:59"), 1_000),
        None => (text.to_owned(), 0),
    };
    let time = PrimitiveDateTime::parse(&text, format).ok()?;
    if time.year() <= 1800 {
        return None;
    }
    let nanos = time.assume_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).ok().map(|ms| ms + leap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn milliseconds_become_utc_calendar_text() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_777_000_000_000), "2026-04-24T03:06:40Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(utc_minutes(951_782_400_000), "2000-02-29 00:00 UTC");
        assert_eq!(utc_minutes(1_777_000_000_000), "2026-04-24 03:06 UTC");
    }

    #[test]
    fn times_outside_the_calendar_keep_their_number() {
        assert_eq!(iso_utc(i64::MAX), i64::MAX.to_string());
        assert_eq!(utc_minutes(i64::MIN), i64::MIN.to_string());
    }

    #[test]
    fn exif_dates_read_as_utc_milliseconds() {
        assert_eq!(parse_exif_datetime("1970:01:01 00:00:00"), Some(0));
        assert_eq!(
            parse_exif_datetime("2008:10:22 16:28:39"),
            Some(1_224_692_919_000)
        );
        assert_eq!(
            parse_exif_datetime("2016:12:31 23:59:60"),
            Some(1_483_228_800_000)
        );
        assert_eq!(
            parse_exif_datetime("2008:10:22 16:28:39\0"),
            Some(1_224_692_919_000)
        );
        assert_eq!(parse_exif_datetime("0000:00:00 00:00:00"), None);
        assert_eq!(parse_exif_datetime("2023:02:30 10:00:00"), None);
        assert_eq!(parse_exif_datetime("garbage"), None);
    }

    proptest! {
        #[test]
        fn exif_text_of_a_time_reads_back_as_that_time(seconds in 0i64..4_102_444_800) {
            let text = iso_utc(seconds * 1000).replace('-', ":").replace('T', " ").replace('Z', "");
            prop_assert_eq!(parse_exif_datetime(&text), Some(seconds * 1000));
        }
    }
}

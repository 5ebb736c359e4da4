//! Reading a recorded GPX 1.1 file's track points (`<trkpt lat lon>` with
//! a `<time>`), for desktop demos and tests: the points are replayed
//! through the same [`super::TrackRecorder`] rules as live positions, at
//! the times the file gives. Bounded: files over [`MAX_GPX_BYTES`] or with
//! more than [`MAX_GPX_POINTS`] points are refused before any is used.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::Fix;

/// Largest GPX file read, in bytes.
pub const MAX_GPX_BYTES: usize = 5 * 1024 * 1024;
/// Most track points read from one file.
pub const MAX_GPX_POINTS: usize = 50_000;

/// Why a GPX file cannot be replayed; lines are 1-based.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GpxError {
    /// Larger than [`MAX_GPX_BYTES`].
    #[error("the GPX file is {bytes} bytes; at most {max} are read")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// More than [`MAX_GPX_POINTS`] track points.
    #[error("the GPX file has more than {max} track points")]
    TooManyPoints {
        /// The limit.
        max: usize,
    },
    /// Not well-formed XML.
    #[error("the file is not readable XML (line {line}): {reason}")]
    NotXml {
        /// Where reading stopped.
        line: usize,
        /// The parser's words.
        reason: String,
    },
    /// XML, but no `<gpx>` element.
    #[error("the file is not a GPX file: it has no <gpx> element")]
    NotGpx,
    /// A `lat` or `lon` attribute missing, not a number, or off the Earth.
    #[error("line {line}: <trkpt> {attribute}={value:?} is not a valid coordinate")]
    BadCoordinate {
        /// Line of the `<trkpt>`.
        line: usize,
        /// `lat` or `lon`.
        attribute: &'static str,
        /// The value found (empty when missing).
        value: String,
    },
    /// A `<time>` that is not RFC 3339, or a point without one.
    #[error("line {line}: <trkpt> needs a <time> in RFC 3339 form, found {value:?}")]
    BadTime {
        /// Line of the `<trkpt>`.
        line: usize,
        /// The value found (empty when missing).
        value: String,
    },
    /// No track point at all.
    #[error("the GPX file has no track points (<trkpt>)")]
    NoPoints,
}

/// Line numbers of byte offsets that only move forward: each byte is
/// counted once, so naming lines costs no more than reading the file.
struct Lines<'a> {
    text: &'a [u8],
    scanned: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            scanned: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset` (at or after the last one asked).
    fn at(&mut self, offset: u64) -> usize {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if end > self.scanned {
            let newlines = self.text[self.scanned..end].iter().filter(|b| **b == b'\n');
            self.line += newlines.count();
            self.scanned = end;
        }
        self.line
    }
}

/// A point being read: its line, position and time text.
struct Open {
    line: usize,
    lat: f64,
    lon: f64,
    time: Option<String>,
}

fn coordinate(
    start: &BytesStart<'_>,
    attribute: &'static str,
    line: usize,
    range: f64,
) -> Result<f64, GpxError> {
    let value = start
        .try_get_attribute(attribute)
        .ok()
        .flatten()
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default();
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= range => Ok(v),
        _ => Err(GpxError::BadCoordinate {
            line,
            attribute,
            value,
        }),
    }
}

fn open_point(start: &BytesStart<'_>, line: usize) -> Result<Open, GpxError> {
    Ok(Open {
        line,
        lat: coordinate(start, "lat", line, 90.0)?,
        lon: coordinate(start, "lon", line, 180.0)?,
        time: None,
    })
}

fn close_point(open: Open) -> Result<Fix, GpxError> {
    let value = open.time.unwrap_or_default();
    let at = OffsetDateTime::parse(value.trim(), &Rfc3339)
        .map(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX))
        .map_err(|_| GpxError::BadTime {
            line: open.line,
            value: value.clone(),
        })?;
    Ok(Fix {
        lat: open.lat,
        lon: open.lon,
        accuracy_m: None,
        at,
    })
}

/// The track points of a GPX file, in file order.
pub fn parse_gpx(text: &str) -> Result<Vec<Fix>, GpxError> {
    if text.len() > MAX_GPX_BYTES {
        return Err(GpxError::TooLarge {
            bytes: text.len(),
            max: MAX_GPX_BYTES,
        });
    }
    let mut reader = Reader::from_str(text);
    let mut lines = Lines::new(text);
    let mut fixes = Vec::new();
    let mut seen_gpx = false;
    let mut point: Option<Open> = None;
    let mut in_time = false;
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().map_err(|e| GpxError::NotXml {
            line: lines.at(reader.error_position()),
            reason: e.to_string(),
        })?;
        match event {
            Event::Start(start) | Event::Empty(start) if start.local_name().as_ref() == "gpx" => {
                seen_gpx = true;
            }
            Event::Start(start) if start.local_name().as_ref() == "trkpt" => {
                point = Some(open_point(&start, lines.at(before))?);
            }
            Event::Empty(start) if start.local_name().as_ref() == "trkpt" => {
                let open = open_point(&start, lines.at(before))?;
                fixes.push(close_point(open)?);
            }
            Event::Start(start) if start.local_name().as_ref() == "time" => in_time = true,
            Event::End(end) if end.local_name().as_ref() == "time" => in_time = false,
            Event::Text(t) if in_time => {
                if let Some(open) = point.as_mut() {
                    open.time
                        .get_or_insert_with(String::new)
                        .push_str(&t.xml10_content());
                }
            }
            Event::End(end) if end.local_name().as_ref() == "trkpt" => {
                if let Some(open) = point.take() {
                    fixes.push(close_point(open)?);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if fixes.len() > MAX_GPX_POINTS {
            return Err(GpxError::TooManyPoints {
                max: MAX_GPX_POINTS,
            });
        }
    }
    if !seen_gpx {
        return Err(GpxError::NotGpx);
    }
    if fixes.is_empty() {
        return Err(GpxError::NoPoints);
    }
    Ok(fixes)
}

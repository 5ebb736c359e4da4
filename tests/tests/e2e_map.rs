//! The offline map end to end in real windows: the built app under Xvfb,
//! driven through `tauri-driver` and WebKitWebDriver against the real
//! `cityaudit-sync` server, once as the facilitator and once as a
//! participant (two profiles, each its own app window, one after the other).
//!
//! The facilitator prepares an audit with two planned stops in the fixture
//! package's area (central Sofia), attaches `tests/fixtures/map/demo-area.pmtiles`
//! on the Prepare screen and syncs. The participant joins with the code shown
//! on screen, receives the package, visits a planned stop and scores its
//! statements, adds a photo without GPS placed by tapping the map, gives
//! consent and replays `tests/fixtures/map/demo-walk.gpx`; the participant's
//! map shows the package's streets (pixels of the style's road and water
//! colours in a screenshot of the map) and the track. After a sync the
//! facilitator's Map draws the stop in core's colour for its mean (the
//! marker's colour in the DOM and in the screenshot's pixels, against
//! `map_features` of the facilitator's own profile) and the track; the
//! GeoJSON export holds the track as a LineString of the replayed points and
//! the photo at the tapped place, and the HTML report's map has the
//! package's roads. Screenshots: `docs/screenshots/participant-map.png` and
//! `docs/screenshots/facilitator-map.png`.
//!
//! Needs the app and server built (`cargo build -p cityaudit-app -p
//! cityaudit-sync`, with `ui/dist` built first), Xvfb, WebKitWebDriver and
//! tauri-driver; `scripts/test` provides all of them.
#![cfg(unix)]

use anyhow::{bail, ensure, Context, Result};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cityaudit_core::commands::facilitator::map_features;
use cityaudit_core::export::scale::score_colour;
use cityaudit_core::profile::Profile;
use cityaudit_core::sync::protocol::InviteCode;
use cityaudit_tests::desktop::{workspace_binary, Driver, VirtualDisplay};
use cityaudit_tests::server::{admin, create_audit, create_facilitator, Server};
use cityaudit_tests::webdriver::{testid, Session};
use cityaudit_tests::window::{
    choose, fill_join_form, pick_file, pick_file_of_type, set_field, submit_join, tap, tap_id,
    text_of, type_into, wait_attribute, SHORT,
};

/// Long enough for a debug build on a busy 2-core machine.
const LONG: Duration = Duration::from_secs(60);

/// The fixture package's area: west, south, east, north (docs/maps.md).
const AREA: [f64; 4] = [23.30, 42.675, 23.34, 42.715];

/// The planned stops: name, place, latitude, longitude; both on the GPX walk.
const STOPS: [(&str, &str, &str, &str); 2] = [
    (
        "Lozenets crossing",
        "By the school",
        "42.688895",
        "23.324368",
    ),
    (
        "Vitosha Boulevard",
        "Corner by the church",
        "42.691505",
        "23.319318",
    ),
];

/// The planned stop the participant visits, and the scores given there to
/// the first statements of the per-stop section.
const VISITED: usize = 0;
const STOP_SECTION: &str = "environment";
const STOP_SCORES: [u8; 4] = [4, 5, 3, 4];

/// The participant and the photo without GPS they place on the map.
const PARTICIPANT: (&str, &str) = ("Heron", "tcn_communities");
const PHOTO: (&str, &str, &str) = ("img_1771_no_exif.jpg", "Closed library", "improvement");

/// Colours of the base map's style (ui/src/components/map/style.ts): road
/// casings (major, minor), water and parks; none is the plain background
/// `#f4f1ea` nor a colour the marks use.
const STREET_COLOURS: [[u8; 3]; 2] = [[0xd3, 0xca, 0xbd], [0xdd, 0xd5, 0xc9]];
const WATER_PARK_COLOURS: [[u8; 3]; 2] = [[0xc9, 0xdb, 0xe6], [0xdd, 0xe8, 0xd0]];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn fixture(name: &str) -> Result<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

fn screenshot(session: &Session, name: &str) -> Result<()> {
    let path = repo_root()
        .join("docs/screenshots")
        .join(format!("{name}.png"));
    session
        .screenshot(&path)
        .with_context(|| format!("screenshot {name}"))
}

/// The trackpoints of a GPX text, in order, as (lat, lon).
fn gpx_points(gpx: &str) -> Result<Vec<(f64, f64)>> {
    let attribute = |tag: &str, name: &str| -> Result<f64> {
        let start = tag
            .find(&format!("{name}=\""))
            .with_context(|| format!("{name} in {tag}"))?
            + name.len()
            + 2;
        let end = tag[start..].find('"').context("closing quote")? + start;
        Ok(tag[start..end].parse()?)
    };
    gpx.split("<trkpt ")
        .skip(1)
        .map(|tag| Ok((attribute(tag, "lat")?, attribute(tag, "lon")?)))
        .collect()
}

/// Statement ids of a checklist section, read from the built-in template.
fn section_items(section: &str) -> Result<Vec<String>> {
    let template: Value = serde_json::from_str(&std::fs::read_to_string(
        repo_root().join("core/templates/integra_checklist.json"),
    )?)?;
    let found = template["sections"]
        .as_array()
        .context("sections")?
        .iter()
        .find(|s| s["id"] == section)
        .with_context(|| format!("section {section}"))?;
    found["items"]
        .as_array()
        .context("items")?
        .iter()
        .map(|item| item["id"].as_str().map(str::to_owned).context("item id"))
        .collect()
}

/// `#rrggbb` or `rgb(r, g, b)` as three bytes.
fn rgb(colour: &str) -> Result<[u8; 3]> {
    if let Some(hex) = colour.strip_prefix('#') {
        ensure!(hex.len() == 6, "colour {colour}");
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16);
        return Ok([byte(0)?, byte(2)?, byte(4)?]);
    }
    let inner = colour
        .trim()
        .strip_prefix("rgb(")
        .and_then(|rest| rest.strip_suffix(')'))
        .with_context(|| format!("colour {colour}"))?;
    let parts: Vec<u8> = inner
        .split(',')
        .map(|p| p.trim().parse::<u8>())
        .collect::<Result<_, _>>()?;
    ensure!(parts.len() == 3, "colour {colour}");
    Ok([parts[0], parts[1], parts[2]])
}

/// A screenshot's pixels, RGB.
struct Pixels {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Pixels {
    fn of(session: &Session) -> Result<Self> {
        let png = session.screenshot_png()?;
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info()?;
        let mut buffer = vec![0; reader.output_buffer_size().context("screenshot size")?];
        let info = reader.next_frame(&mut buffer)?;
        ensure!(
            info.bit_depth == png::BitDepth::Eight,
            "8-bit screenshot, got {:?}",
            info.bit_depth
        );
        let channels = match info.color_type {
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            other => bail!("screenshot colour type {other:?}"),
        };
        let (width, height) = (info.width as usize, info.height as usize);
        let mut rgb = Vec::with_capacity(width * height * 3);
        for row in 0..height {
            let line = &buffer[row * info.line_size..][..width * channels];
            for pixel in line.chunks(channels) {
                rgb.extend_from_slice(&pixel[..3]);
            }
        }
        Ok(Pixels { width, height, rgb })
    }

    /// How many pixels of the box (screenshot pixels) are within `tolerance`
    /// of one of `colours` in every channel.
    fn count(&self, area: Rect, colours: &[[u8; 3]], tolerance: u8) -> usize {
        let x0 = area.x.max(0.0) as usize;
        let y0 = area.y.max(0.0) as usize;
        let x1 = ((area.x + area.width).max(0.0) as usize).min(self.width);
        let y1 = ((area.y + area.height).max(0.0) as usize).min(self.height);
        let mut found = 0;
        for y in y0..y1 {
            for x in x0..x1 {
                let at = (y * self.width + x) * 3;
                let pixel = &self.rgb[at..at + 3];
                if colours.iter().any(|c| {
                    c.iter()
                        .zip(pixel)
                        .all(|(want, got)| want.abs_diff(*got) <= tolerance)
                }) {
                    found += 1;
                }
            }
        }
        found
    }
}

/// A box on the screenshot, in its pixels.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

impl Rect {
    /// From a script's `{x, y, w, h, dpr}` (CSS pixels of the viewport).
    fn of(value: &Value) -> Result<Self> {
        let number = |key: &str| {
            value[key]
                .as_f64()
                .with_context(|| format!("{key} of {value}"))
        };
        let scale = number("dpr").unwrap_or(1.0);
        Ok(Rect {
            x: number("x")? * scale,
            y: number("y")? * scale,
            width: number("w")? * scale,
            height: number("h")? * scale,
        })
    }

    /// The same box without `margin` pixels on every side.
    fn inset(self, margin: f64) -> Self {
        Rect {
            x: self.x + margin,
            y: self.y + margin,
            width: (self.width - 2.0 * margin).max(0.0),
            height: (self.height - 2.0 * margin).max(0.0),
        }
    }
}

/// Scrolls the map into view and returns its box.
fn map_box(session: &Session, scope: &str) -> Result<Rect> {
    let value = session.execute(
        "const map = document.querySelector(arguments[0]);\
         if (!map) return null;\
         map.scrollIntoView({block: 'center'});\
         const r = map.getBoundingClientRect();\
         return {x: r.left, y: r.top, w: r.width, h: r.height, dpr: window.devicePixelRatio};",
        vec![json!(format!("{scope} {}", testid("map-canvas")))],
    )?;
    ensure!(!value.is_null(), "a map in {scope}");
    Rect::of(&value)
}

/// Waits until the map in `scope` has drawn the package: its screenshot shows
/// the style's street casings, not just the background. Returns the street
/// and the water/park pixels counted.
fn wait_for_streets(session: &Session, scope: &str) -> Result<(usize, usize)> {
    wait_attribute(session, "map-canvas", "data-status", "ready", LONG)?;
    ensure!(
        session.find_all(&testid("map-note"))?.is_empty(),
        "the map has its base map package (note shown: {:?})",
        session
            .find(&testid("map-note"))
            .and_then(|e| e.text())
            .ok()
    );
    let start = Instant::now();
    loop {
        let area = map_box(session, scope)?;
        let pixels = Pixels::of(session)?;
        let streets = pixels.count(area, &STREET_COLOURS, 3);
        let water_parks = pixels.count(area, &WATER_PARK_COLOURS, 3);
        // Streets are thin lines: a few hundred casing pixels are many
        // streets (a plain background has none of these colours).
        if streets > 300 {
            return Ok((streets, water_parks));
        }
        if start.elapsed() > LONG {
            bail!(
                "the map shows no streets: {streets} street and {water_parks} water/park \
                 pixels in {area:?}"
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The only number in a text (digits with any grouping marks).
fn number_in(text: &str) -> Result<usize> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .with_context(|| format!("a number in {text:?}"))
}

/// The one file in `dir` whose name ends with `extension`.
fn exported(dir: &Path, extension: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    ensure!(found.len() == 1, "one .{extension} export, got {found:?}");
    Ok(found[0].clone())
}

/// Whether the app's profile has the audit's base map package (asked the
/// way the map asks: the `base_map_info` command).
fn has_base_map(session: &Session) -> Result<bool> {
    let answer = session.execute_async(
        "const done = arguments[arguments.length - 1];\
         window.__TAURI__.core.invoke('base_map_info')\
           .then((info) => done(Boolean(info && info.available)), (e) => done(String(e)));",
        vec![],
    )?;
    match answer {
        Value::Bool(available) => Ok(available),
        other => bail!("base_map_info failed: {other}"),
    }
}

/// Syncs until the participant's device has the package (it arrives with a sync).
fn sync_until_base_map(session: &Session) -> Result<()> {
    let start = Instant::now();
    loop {
        tap_id(session, "sync-now")?;
        wait_attribute(session, "sync-state", "data-state", "upToDate", LONG).with_context(
            || {
                let shown = session
                    .find(&testid("sync-error"))
                    .and_then(|e| e.text())
                    .unwrap_or_default();
                format!("sync error shown: {shown:?}")
            },
        )?;
        if has_base_map(session)? {
            return Ok(());
        }
        if start.elapsed() > LONG {
            bail!("the base map package did not arrive on the participant's device");
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Local `datetime-local` values from a day ago to three days ahead, as the
/// window's clock sees them (photos are taken within the window).
fn photovoice_window(session: &Session) -> Result<(String, String)> {
    let value = session.execute(
        "const pad = (n) => String(n).padStart(2, '0');\
         const f = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;\
         return [f(new Date(Date.now() - 864e5)), f(new Date(Date.now() + 3 * 864e5))];",
        vec![],
    )?;
    let pair = value.as_array().context("two datetimes")?;
    let text = |i: usize| -> Result<String> {
        Ok(pair
            .get(i)
            .and_then(|v| v.as_str())
            .context("datetime")?
            .to_owned())
    };
    Ok((text(0)?, text(1)?))
}

/// The facilitator prepares the audit with [`STOPS`], attaches the package
/// and makes a participant invite; returns its code.
fn facilitator_prepares(session: &Session, link: &str) -> Result<String> {
    fill_join_form(session, link, "Walk lead", "local_government")?;
    submit_join(session, "prepare-current", LONG)?;
    tap_id(session, "prepare-new")?;
    type_into(session, "prepare-title", "Centre walk")?;
    type_into(session, "prepare-city", "Sofia")?;
    set_field(session, "prepare-starts", "2026-06-01")?;
    set_field(session, "prepare-ends", "2026-06-02")?;
    type_into(session, "prepare-meeting", "Lozenets crossing")?;
    let (opens, closes) = photovoice_window(session)?;
    set_field(session, "prepare-window-opens", &opens)?;
    set_field(session, "prepare-window-closes", &closes)?;
    for (i, (name, place, lat, lon)) in STOPS.iter().enumerate() {
        if i > 0 {
            tap_id(session, "prepare-stop-add")?;
        }
        type_into(session, &format!("prepare-stop-name-{i}"), name)?;
        type_into(session, &format!("prepare-stop-location-{i}"), place)?;
        type_into(session, &format!("prepare-stop-lat-{i}"), lat)?;
        type_into(session, &format!("prepare-stop-lon-{i}"), lon)?;
    }
    tap_id(session, "prepare-submit")?;
    session
        .wait_for(&testid("prepare-created"), LONG)
        .map_err(|error| {
            let shown = session
                .find(&testid("prepare-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            anyhow::anyhow!("{error}; prepare error shown: {shown:?}")
        })?;

    // The package, picked in the base map panel.
    session.wait_for(&testid("base-map-none"), LONG)?;
    pick_file_of_type(
        session,
        "base-map-file",
        "demo-area.pmtiles",
        "application/octet-stream",
        &fixture("map/demo-area.pmtiles")?,
    )?;
    session
        .wait_for(&testid("base-map-attached"), LONG)
        .map_err(|error| {
            let shown = session
                .find(&testid("base-map-problem"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            anyhow::anyhow!("{error}; base map problem shown: {shown:?}")
        })?;
    let info = text_of(session, "base-map-info", SHORT)?;
    ensure!(
        info.contains("demo-area.pmtiles") && info.contains("23.3") && info.contains("42.7"),
        "the panel describes the package: {info:?}"
    );

    choose(session, "invite-role", "participant")?;
    tap_id(session, "invite-create")?;
    let code = text_of(session, "invite-code", LONG)?.trim().to_owned();
    ensure!(!code.is_empty(), "an invite code is shown");

    // The package goes to the server with the audit.
    tap_id(session, "sync-now")?;
    wait_attribute(session, "sync-state", "data-state", "upToDate", LONG)?;
    wait_attribute(session, "sync-pending", "data-count", "0", LONG)?;
    Ok(code)
}

/// What the participant did that the facilitator's side must show.
struct Walked {
    photo_hash: String,
    placed: (f64, f64),
    track_points: usize,
}

/// The participant's walk in the app's window (see the module's comment).
fn participant_walks(session: &Session, link: &str) -> Result<Walked> {
    fill_join_form(session, link, PARTICIPANT.0, PARTICIPANT.1)?;
    submit_join(session, "overall-progress", LONG)?;
    sync_until_base_map(session)?;

    // A visit to the first planned stop, with its statements scored.
    tap_id(session, "nav-stops")?;
    tap_id(session, "stop-add")?;
    let planned = session.execute(
        "const select = document.querySelector(arguments[0]);\
         const option = [...select.options].find((o) => o.text.includes(arguments[1]));\
         return option ? option.value : null;",
        vec![json!(testid("stop-planned")), json!(STOPS[VISITED].0)],
    )?;
    let planned = planned.as_str().context("the planned stop is offered")?;
    choose(session, "stop-planned", planned)?;
    tap_id(session, "stop-save")?;
    let card = session.wait_for("[data-testid^=\"stop-card-\"]", SHORT)?;
    let stop_id = card
        .attribute("data-testid")?
        .unwrap_or_default()
        .trim_start_matches("stop-card-")
        .to_owned();
    let items = section_items(STOP_SECTION)?;
    let first = format!("stop-score-{stop_id}-{}-1", items[0]);
    if session.find(&testid(&first)).is_err() {
        tap_id(session, &format!("stop-toggle-{stop_id}"))?;
    }
    for (item, score) in items.iter().zip(STOP_SCORES) {
        tap_id(session, &format!("stop-score-{stop_id}-{item}-{score}"))?;
        session
            .wait_for(&testid(&format!("stop-saved-{stop_id}-{item}")), SHORT)
            .with_context(|| format!("{item} saved at the stop"))?;
    }

    // A photo without GPS, placed by tapping the map.
    tap_id(session, "nav-photos")?;
    pick_file(session, "photo-file", PHOTO.0, &fixture(PHOTO.0)?)?;
    type_into(session, "photo-title", PHOTO.1)?;
    tap_id(session, &format!("photo-theme-{}", PHOTO.2))?;
    tap_id(session, "photo-choose-on-map")?;
    let picker = testid("map-picker");
    session.wait_for(&format!("{picker} {}", testid("map-canvas")), SHORT)?;
    wait_for_streets(session, &picker)?;
    let canvas = session.find(&format!("{picker} {}", testid("map-canvas")))?;
    tap(session, &canvas)?;
    session.wait_until("the tapped place is pinned", SHORT, |s| {
        let enabled = s
            .find(&testid("map-picker-confirm"))?
            .property("disabled")?;
        Ok((enabled == Value::Bool(false)).then_some(()))
    })?;
    tap_id(session, "map-picker-confirm")?;
    let field = |id: &str| -> Result<f64> {
        let value = session.wait_for(&testid(id), SHORT)?.property("value")?;
        let text = value.as_str().unwrap_or_default();
        text.parse()
            .with_context(|| format!("{id} holds a coordinate, got {text:?}"))
    };
    let placed = (field("photo-lat")?, field("photo-lon")?);
    ensure!(
        (AREA[1]..=AREA[3]).contains(&placed.0) && (AREA[0]..=AREA[2]).contains(&placed.1),
        "the tapped place {placed:?} is inside the package's area"
    );
    wait_attribute(session, "photo-position", "data-source", "manual", SHORT)?;
    tap_id(session, "photo-save")?;
    let card = session
        .wait_for("[data-testid^=\"photo-card-\"]", LONG)
        .with_context(|| {
            let error = session
                .find(&testid("photo-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            format!("adding the photo (error shown: {error:?})")
        })?;
    let photo_hash = card
        .attribute("data-testid")?
        .unwrap_or_default()
        .trim_start_matches("photo-card-")
        .to_owned();

    // The map: consent, then the recorded walk replayed from a GPX file.
    tap_id(session, "nav-map")?;
    session.wait_for(&testid("participant-map"), SHORT)?;
    tap_id(session, "track-consent")?;
    tap_id(session, "track-toggle")?;
    session.wait_for(&testid("track-gpx"), SHORT)?;
    let gpx = fixture("map/demo-walk.gpx")?;
    pick_file_of_type(
        session,
        "track-gpx",
        "demo-walk.gpx",
        "application/gpx+xml",
        &gpx,
    )?;
    let track_points = session
        .wait_until("the replayed points are counted", LONG, |s| {
            let text = s.find(&testid("track-status"))?.text()?;
            Ok(number_in(&text).ok().filter(|n| *n > 0))
        })
        .with_context(|| {
            let problem = session
                .find(&testid("track-problem"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            format!("replaying the GPX file (problem shown: {problem:?})")
        })?;
    // Paused again: nothing but the file is recorded.
    tap_id(session, "track-toggle")?;
    session.wait_until("recording paused", SHORT, |s| {
        let gone = s.find_all(&testid("track-gpx"))?.is_empty();
        Ok(gone.then_some(()))
    })?;
    ensure!(
        track_points > 20 && track_points <= gpx_points(std::str::from_utf8(&gpx)?)?.len(),
        "core kept {track_points} of the walk's points"
    );
    session.wait_until("the track is on the map", LONG, |s| {
        let listed = s.find(&testid("places-tracks"))?.text()?;
        Ok(listed.contains(&track_points.to_string()).then_some(()))
    })?;
    let (streets, water_parks) = wait_for_streets(session, &testid("participant-map"))?;
    eprintln!("participant map: {streets} street and {water_parks} water/park pixels");
    screenshot(session, "participant-map")?;

    tap_id(session, "sync-now")?;
    wait_attribute(session, "sync-state", "data-state", "upToDate", LONG)?;
    wait_attribute(session, "sync-pending", "data-count", "0", LONG)?;
    tap_id(session, "nav-photos")?;
    wait_attribute(
        session,
        &format!("photo-upload-{photo_hash}"),
        "data-state",
        "sent",
        LONG,
    )?;
    Ok(Walked {
        photo_hash,
        placed,
        track_points,
    })
}

/// The colour and box of a planned stop's marker on the facilitator's map.
fn stop_marker(session: &Session, name: &str) -> Result<Option<(String, Rect)>> {
    let value = session.execute(
        "for (const icon of document.querySelectorAll('.leaflet-marker-icon')) {\
           if (!(icon.getAttribute('title') || '').includes(arguments[0])) continue;\
           const mark = icon.querySelector('.map-mark-planned');\
           if (!mark) continue;\
           const r = mark.getBoundingClientRect();\
           return {colour: getComputedStyle(mark).backgroundColor,\
                   x: r.left, y: r.top, w: r.width, h: r.height, dpr: window.devicePixelRatio};\
         }\
         return null;",
        vec![json!(name)],
    )?;
    if value.is_null() {
        return Ok(None);
    }
    let colour = value["colour"]
        .as_str()
        .context("marker colour")?
        .to_owned();
    Ok(Some((colour, Rect::of(&value)?)))
}

#[test]
fn e2e_map_package_stops_photo_and_track_reach_the_maps_and_exports() -> Result<()> {
    let started = Instant::now();
    let app = workspace_binary("cityaudit", "cityaudit-app")?;
    let temp = tempfile::tempdir()?;
    let lead_data = temp.path().join("lead");
    let walker_data = temp.path().join("walker");
    let exports = temp.path().join("exports");
    std::fs::create_dir_all(&lead_data)?;
    std::fs::create_dir_all(&walker_data)?;

    let server = Server::start(&temp.path().join("server"))?;
    let http = Client::new();
    let lead = create_facilitator(&server.data, "Walk lead")?;
    let first_audit = create_audit(&http, &server.url, &lead, "Spring walk")?;
    let invite = admin(
        &server.data,
        &[
            "create-invite",
            "--audit",
            first_audit.as_str(),
            "--role",
            "facilitator",
            "--server-url",
            &server.url,
        ],
    )?;
    let link = invite
        .lines()
        .nth(1)
        .context("invite link line")?
        .to_owned();

    // Two profiles, each an app window of its own (one at a time).
    let display = VirtualDisplay::start()?;
    let lead_driver = Driver::start(
        &display,
        &temp.path().join("lead-web"),
        &[
            ("CITYAUDIT_DATA_DIR", &lead_data),
            ("CITYAUDIT_EXPORT_DIR", &exports),
        ],
    )?;
    let walker_driver = Driver::start(
        &display,
        &temp.path().join("walker-web"),
        &[("CITYAUDIT_DATA_DIR", &walker_data)],
    )?;

    let session = Session::start(&lead_driver.url, &app).context("launching the lead's app")?;
    let code = facilitator_prepares(&session, &link)?;
    session.quit()?;

    let session =
        Session::start(&walker_driver.url, &app).context("launching the participant's app")?;
    let walker_link = InviteCode::parse(&code)
        .map(|c| c.link(&server.url))
        .with_context(|| format!("the code shown, {code:?}"))?;
    let walked = participant_walks(&session, &walker_link)?;
    session.quit()?;

    // The facilitator again: sync, then the map.
    let session = Session::start(&lead_driver.url, &app).context("relaunching the lead's app")?;
    tap_id(&session, "sync-now")?;
    tap_id(&session, "nav-progress")?;
    session.wait_until("the participant in Progress", LONG, |s| {
        let rows = s.find_all("[data-testid^=\"progress-row-\"]")?;
        Ok((rows.len() == 1).then_some(()))
    })?;
    wait_attribute(&session, "sync-state", "data-state", "upToDate", LONG)?;
    session.wait_until("no photo left to download", LONG, |s| {
        Ok(s.find_all(&testid("sync-downloads"))?
            .is_empty()
            .then_some(()))
    })?;
    tap_id(&session, "nav-map")?;
    let (streets, water_parks) = wait_for_streets(&session, ".map-screen")?;
    eprintln!("facilitator map: {streets} street and {water_parks} water/park pixels");
    // The whole walk is in view, with the package's river and park.
    ensure!(
        water_parks > 1000,
        "the facilitator's map shows water and parks: {water_parks} pixels"
    );
    let visited = STOPS[VISITED].0;
    let (shown_colour, _) = session.wait_until("the visited stop's marker", LONG, |s| {
        Ok(stop_marker(s, visited).ok().flatten())
    })?;
    session.wait_until("the track is listed", LONG, |s| {
        let listed = s.find(&testid("places-tracks"))?.text()?;
        Ok(
            (listed.contains(PARTICIPANT.0) && listed.contains(&walked.track_points.to_string()))
                .then_some(()),
        )
    })?;
    let dashed = session.execute(
        "return document.querySelectorAll('.leaflet-overlay-pane path[stroke-dasharray=\"6 6\"]').length",
        vec![],
    )?;
    ensure!(
        dashed.as_u64() == Some(1),
        "one dashed track line drawn, got {dashed}"
    );
    session.wait_for(&testid(&format!("place-{}", walked.photo_hash)), SHORT)?;
    // The marker's pixels: its fill (inside the white ring) in the colour it was given.
    let (_, marker) = stop_marker(&session, visited)?.context("the marker, after scrolling")?;
    let fill = rgb(&shown_colour)?;
    let painted = Pixels::of(&session)?.count(marker.inset(3.0), &[fill], 6);
    ensure!(
        painted > 60,
        "the marker at {marker:?} is painted {shown_colour} ({painted} pixels)"
    );
    eprintln!("the stop's marker: {painted} pixels of {shown_colour}");
    screenshot(&session, "facilitator-map")?;

    tap_id(&session, "nav-report")?;
    for format in ["geojson", "html"] {
        tap_id(&session, &format!("export-{format}"))?;
        session
            .wait_for(&testid(&format!("export-result-{format}")), LONG)
            .with_context(|| format!("the {format} export is reported"))?;
    }
    session.quit()?;

    // Core's colour for the stop's mean, from the facilitator's own documents.
    let profile = Profile::open(&lead_data.join("profile.sqlite"))?;
    let features = map_features(&profile).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let stop = features
        .stops
        .iter()
        .find(|s| s.kind == "planned" && s.name_of_area == visited)
        .context("the visited planned stop in core's features")?;
    let given: f64 = STOP_SCORES.iter().map(|&s| f64::from(s)).sum::<f64>() / 4.0;
    ensure!(
        stop.mean_score.is_some_and(|m| (m - given).abs() < 1e-9),
        "core's mean {:?} is the mean of the scores given, {given}",
        stop.mean_score
    );
    assert_eq!(stop.colour, score_colour(stop.mean_score));
    assert_eq!(
        fill,
        rgb(&stop.colour)?,
        "the marker is drawn in core's colour {} (shown {shown_colour})",
        stop.colour
    );
    let other = features
        .stops
        .iter()
        .find(|s| s.name_of_area == STOPS[1].0)
        .context("the other planned stop")?;
    ensure!(
        other.mean_score.is_none() && other.colour != stop.colour,
        "the stop nobody scored keeps the neutral colour"
    );

    // GeoJSON: the track of the replayed points, the photo where it was placed.
    let geo: Value =
        serde_json::from_str(&std::fs::read_to_string(exported(&exports, "geojson")?)?)?;
    let all = geo["features"].as_array().context("features")?;
    let tracks: Vec<&Value> = all
        .iter()
        .filter(|f| f["properties"]["kind"] == "track")
        .collect();
    ensure!(tracks.len() == 1, "one track in the GeoJSON");
    assert_eq!(tracks[0]["properties"]["pseudonym"], PARTICIPANT.0);
    assert_eq!(tracks[0]["geometry"]["type"], "LineString");
    let coordinates = tracks[0]["geometry"]["coordinates"]
        .as_array()
        .context("coordinates")?;
    assert_eq!(coordinates.len(), walked.track_points);
    let walk = gpx_points(std::str::from_utf8(&fixture("map/demo-walk.gpx")?)?)?;
    let mut next = 0;
    for point in coordinates {
        let lon = point[0].as_f64().context("lon")?;
        let lat = point[1].as_f64().context("lat")?;
        let at = walk[next..]
            .iter()
            .position(|(la, lo)| (la - lat).abs() < 1e-6 && (lo - lon).abs() < 1e-6)
            .with_context(|| format!("{lat},{lon} is a later point of the GPX walk"))?;
        next += at + 1;
    }
    let photo = all
        .iter()
        .find(|f| f["properties"]["kind"] == "photo")
        .context("the photo in the GeoJSON")?;
    let at = &photo["geometry"]["coordinates"];
    ensure!(
        (at[0].as_f64().unwrap_or(0.0) - walked.placed.1).abs() < 1e-5
            && (at[1].as_f64().unwrap_or(0.0) - walked.placed.0).abs() < 1e-5,
        "the photo is where it was placed ({:?}), got {at}",
        walked.placed
    );

    // The report's map is drawn over the package's streets.
    let html = std::fs::read_to_string(exported(&exports, "html")?)?;
    ensure!(html.contains("class=\"map\""), "the report has its map");
    ensure!(
        html.contains("class=\"basemap-roads"),
        "the report's map has the package's roads"
    );
    ensure!(
        html.contains("class=\"track\""),
        "the report's map has the track"
    );
    eprintln!("e2e_map took {:?}", started.elapsed());
    Ok(())
}

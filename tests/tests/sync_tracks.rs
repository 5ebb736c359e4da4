//! Walk tracks end to end against the real sync server binary: a
//! participant who consented replays a recorded GPX walk, syncs, and the
//! facilitator's map and GeoJSON export carry that track; a participant
//! who did not consent records nothing.

use anyhow::{Context, Result};
use reqwest::blocking::Client;

use cityaudit_core::commands::facilitator::{export, map_features};
use cityaudit_core::commands::tracks::{
    participant_map, replay_gpx, set_track_consent, set_tracking, tracking_state, ReplayGpxCommand,
    SetTrackingCommand, TrackConsentCommand,
};
use cityaudit_tests::device::Phone;
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

fn walk() -> Result<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/map/demo-walk.gpx");
    std::fs::read_to_string(&path).with_context(|| path.display().to_string())
}

#[test]
fn a_consented_replayed_walk_reaches_the_facilitators_map_and_geojson() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let url = server.url.clone();
    let http = Client::new();
    let token = create_facilitator(&data, "Ana")?;
    let audit = create_audit(&http, &url, &token, "Walk")?;
    let code = participant_invite(&data, &audit, 10)?;
    let mut lark = Phone::join(&url, &code, "Lark", &dir.path().join("lark.sqlite"))?;
    let mut wren = Phone::join(&url, &code, "Wren", &dir.path().join("wren.sqlite"))?;
    let gpx = walk()?;

    // Lark consents, turns recording on and replays the walk.
    set_track_consent(&mut lark.profile, TrackConsentCommand { consent: true })?;
    set_tracking(&mut lark.profile, SetTrackingCommand { recording: true })?;
    let state = replay_gpx(&mut lark.profile, ReplayGpxCommand { gpx: gpx.clone() })?;
    assert!(state.points > 20, "{state:?}");
    assert_eq!(
        participant_map(&lark.profile)?.tracks[0].points.len(),
        state.points
    );

    // Wren never consented: recording refuses to start and the replay keeps nothing.
    let refused = set_tracking(&mut wren.profile, SetTrackingCommand { recording: true });
    assert_eq!(refused.unwrap_err().code, "track_consent_missing");
    let nothing = replay_gpx(&mut wren.profile, ReplayGpxCommand { gpx })?;
    assert_eq!(nothing.points, 0);
    assert!(participant_map(&wren.profile)?.tracks.is_empty());
    assert_eq!(tracking_state(&wren.profile)?.points, 0);

    lark.sync()?;
    wren.sync()?;
    let mut facilitator = Phone::facilitator(&url, &token, &audit, &dir.path().join("f.sqlite"))?;
    facilitator.sync()?;
    let map = map_features(&facilitator.profile)?;
    assert_eq!(map.tracks.len(), 1, "only Lark's track");
    assert_eq!(map.tracks[0].pseudonym, "Lark");
    assert_eq!(map.tracks[0].points.len(), state.points);
    assert!(map.legend.iter().any(|e| e.key == "map.legend.track"));

    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out)?;
    let written = export(&facilitator.profile, "geojson", None, &out)?;
    let geo: serde_json::Value = serde_json::from_slice(&std::fs::read(&written.path)?)?;
    let tracks: Vec<&serde_json::Value> = geo["features"]
        .as_array()
        .context("features")?
        .iter()
        .filter(|f| f["properties"]["kind"] == "track")
        .collect();
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0]["properties"]["pseudonym"], "Lark");
    assert_eq!(tracks[0]["geometry"]["type"], "LineString");
    let coordinates = tracks[0]["geometry"]["coordinates"]
        .as_array()
        .context("coordinates")?;
    assert_eq!(coordinates.len(), state.points);
    let first = &map.tracks[0].points[0];
    assert_eq!(coordinates[0], serde_json::json!([first.lon, first.lat]));
    drop(server);
    Ok(())
}

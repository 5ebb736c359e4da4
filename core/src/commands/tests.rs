//! The commands as a shell calls them by name: JSON in, JSON or a coded
//! error out, on a real SQLite profile (photos in the database, as the
//! browser app keeps them), with no server (sync fails as offline).

use std::sync::Arc;

use super::*;
use crate::model::Role;
use crate::model::{NewAudit, NewParticipant, TemplateChoice};
use crate::profile::{ProfileOptions, Session};
use crate::store::BlobPlace;
use crate::sync::http::NoTransport;
use serde_json::Value;

fn options() -> ProfileOptions {
    ProfileOptions {
        transport: Arc::new(NoTransport),
        blobs: BlobPlace::Database,
    }
}

/// A profile that has joined an audit as a participant (no server involved).
fn joined_device(dir: &std::path::Path) -> Device {
    joined_device_with(dir, options())
}

fn joined_device_with(dir: &std::path::Path, options: ProfileOptions) -> Device {
    joined_device_accepting(dir, options, true)
}

fn joined_device_accepting(
    dir: &std::path::Path,
    options: ProfileOptions,
    accept_photo_terms: bool,
) -> Device {
    let mut profile = Profile::open_with(&dir.join("p.sqlite"), options).expect("open");
    let audit = profile
        .create_audit(&NewAudit::undated(
            "Walk",
            "Sofia",
            TemplateChoice {
                checklist: true,
                photovoice: true,
                benchmark: false,
            },
        ))
        .expect("audit");
    let participant = NewParticipant {
        display_name: "Lark".into(),
        group: "other".into(),
        gender: None,
        accept_photo_terms,
        share_photo_locations: accept_photo_terms,
    };
    let response = profile.join(&audit, &participant).expect("join");
    profile
        .set_session(&Session {
            server: "http://127.0.0.1:9".into(),
            token: "t".into(),
            role: Role::Participant,
            audit_id: audit,
            participant_id: "p1".into(),
            response_doc: Some(response),
            read_only_audits: Vec::new(),
        })
        .expect("session");
    Device::new(profile)
}

fn error_of(result: CommandResult<String>) -> CommandError {
    result.expect_err("the command should fail")
}

#[test]
fn an_answer_given_by_name_is_saved_and_survives_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut device = joined_device(dir.path());
    let saved = device
        .call(
            "answer_item",
            r#"{"item":"vision.1","value":4,"comment":"ramps"}"#,
            None,
        )
        .expect("saved");
    let saved: Value = serde_json::from_str(&saved).expect("json");
    assert_eq!(saved["answer"]["value"], 4);
    assert_eq!(saved["answer"]["comment"], "ramps");
    assert_eq!(saved["progress"]["overall"]["answered"], 1);
    assert_eq!(saved["progress"]["sections"]["vision"]["answered"], 1);
    assert!(saved["stopProgress"].is_null());
    drop(device);

    let profile = Profile::open_with(&dir.path().join("p.sqlite"), options()).expect("reopen");
    let mut device = Device::new(profile);
    let response: Value =
        serde_json::from_str(&device.call("response", "", None).expect("response")).expect("json");
    assert_eq!(response["answers"]["vision.1"]["value"], 4);
}

#[test]
fn refused_input_comes_back_as_a_code_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut device = joined_device(dir.path());
    let refused = error_of(device.call("answer_item", r#"{"item":"vision.1","value":9}"#, None));
    assert_eq!(refused.code, "score_out_of_range");
    let unknown = error_of(device.call("answer_item", r#"{"item":"nope","value":3}"#, None));
    assert_eq!(unknown.code, "unknown_item");
    assert_eq!(unknown.details["item"], "nope");
    let garbled = error_of(device.call("answer_item", "{not json", None));
    assert_eq!(garbled.code, "bad_request");
    let no_such = error_of(device.call("format_disk", "{}", None));
    assert_eq!(no_such.code, "unknown_command");
    let response: Value =
        serde_json::from_str(&device.call("response", "", None).expect("response")).expect("json");
    let nothing_saved = |item: &str| {
        let answer = &response["answers"][item];
        answer.is_null() || (answer["value"].is_null() && answer["updatedAt"] == 0)
    };
    assert!(nothing_saved("vision.1"), "{}", response["answers"]);
}

#[test]
fn a_photo_passed_as_bytes_is_kept_in_the_database_with_its_thumbnail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut device = joined_device(dir.path());
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos/Canon_40D.jpg");
    let jpeg = std::fs::read(fixture).expect("fixture photo");
    let request = r#"{"title":"Bench","caption":"shade","theme":"friendly","fileName":"a.jpg"}"#;
    let theme_ok = device.call("add_photo", request, Some(&jpeg));
    let view: Value = match theme_ok {
        Ok(json) => serde_json::from_str(&json).expect("json"),
        Err(error) => panic!("photo refused: {error:?}"),
    };
    assert!(view["thumbnail"]
        .as_str()
        .is_some_and(|t| t.starts_with("data:image/jpeg;base64,")));
    assert!(
        !dir.path().join("p.blobs").exists(),
        "no files beside the db"
    );
    let hash = BlobHash::parse(view["hash"].as_str().expect("hash")).expect("valid");
    assert!(device.profile().blobs().contains(&hash));
    let again = error_of(device.call("add_photo", request, Some(&jpeg)));
    assert_eq!(again.code, "photo_duplicate");
    let not_photo = error_of(device.call("add_photo", request, Some(b"plain text")));
    assert_eq!(not_photo.code, "not_a_photo");
}

#[test]
fn sync_without_a_network_is_offline_and_backs_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut device = joined_device(dir.path());
    let status: Value =
        serde_json::from_str(&device.call("sync_now", "", None).expect("status")).expect("json");
    assert_eq!(status["state"], "offline");
    assert!(status["lastError"].is_string());
    assert!(device.next_sync_delay() > Duration::ZERO);
}

#[test]
fn picked_photos_arrive_as_bytes_base64_or_a_data_url() {
    let with = |data: &str| PickedFile {
        data_base64: Some(data.into()),
        file_name: "a.jpg".into(),
        ..PickedFile::default()
    };
    assert_eq!(
        picked_photo(&with("AQID"), None).expect("b64"),
        vec![1, 2, 3]
    );
    let url = with("data:image/jpeg;base64,AQID");
    assert_eq!(picked_photo(&url, None).expect("url"), vec![1, 2, 3]);
    assert_eq!(picked_photo(&url, Some(&[9])).expect("bytes win"), vec![9]);
    assert_eq!(
        picked_photo(&PickedFile::default(), None).unwrap_err().code,
        "photo_missing"
    );
    let broken = picked_photo(&with("***"), None).unwrap_err();
    assert_eq!(broken.code, "photo_incomplete");
    assert!(broken.message.contains("a.jpg"), "{}", broken.message);
    let missing = PickedFile {
        path: Some("/no/such/photo.jpg".into()),
        file_name: "photo.jpg".into(),
        ..PickedFile::default()
    };
    let error = picked_photo(&missing, None).unwrap_err();
    assert!(
        error.message.starts_with("Cannot open photo.jpg"),
        "{}",
        error.message
    );
    let huge = vec![0u8; MAX_PICKED_BYTES as usize + 1];
    assert_eq!(
        picked_photo(&with(""), Some(&huge)).unwrap_err().code,
        "photo_too_large"
    );
}

/// A server that misbehaves on photo uploads: it asks for the blob from
/// offset 0, then claims an offset past the photo's end.
#[derive(Debug)]
struct OffsetPastTheEnd;

impl crate::sync::http::Transport for OffsetPastTheEnd {
    fn send(
        &self,
        request: crate::sync::http::HttpRequest,
        _: u64,
    ) -> Result<crate::sync::http::HttpResponse, crate::sync::http::TransportError> {
        let body = if request.url.ends_with("/v1/sync") || request.url.contains("/v1/sync?") {
            r#"{"documents":[]}"#.to_owned()
        } else if request.url.ends_with("/v1/blobs/missing") {
            let asked: Value = serde_json::from_slice(&request.body).expect("json");
            let missing: Vec<Value> = asked["hashes"]
                .as_array()
                .expect("hashes")
                .iter()
                .map(|h| serde_json::json!({ "hash": h, "offset": 0 }))
                .collect();
            serde_json::json!({ "missing": missing }).to_string()
        } else {
            r#"{"offset":99999999999,"complete":false}"#.to_owned()
        };
        Ok(crate::sync::http::HttpResponse {
            status: 200,
            retry_after_secs: None,
            body: body.into_bytes(),
        })
    }
}

#[test]
fn an_upload_offset_past_the_end_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = ProfileOptions {
        transport: Arc::new(OffsetPastTheEnd),
        blobs: BlobPlace::Database,
    };
    let mut device = joined_device_with(dir.path(), options);
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos/Canon_40D.jpg");
    let jpeg = std::fs::read(fixture).expect("fixture photo");
    let request = r#"{"title":"Bench","caption":"","theme":"friendly"}"#;
    device
        .call("add_photo", request, Some(&jpeg))
        .expect("photo kept");
    let status: Value =
        serde_json::from_str(&device.call("sync_now", "", None).expect("status")).expect("json");
    assert_eq!(status["state"], "error", "{status}");
    let error = status["lastError"].as_str().expect("an error in words");
    assert!(error.contains("offset"), "{error}");
    assert_eq!(
        status["uploads"].as_array().map(Vec::len),
        Some(1),
        "still queued"
    );
}

#[test]
fn a_participant_who_declined_the_terms_can_accept_them_later_and_then_add_photos() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut device = joined_device_accepting(dir.path(), options(), false);
    let jpeg = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/photos/Canon_40D.jpg"),
    )
    .expect("fixture photo");
    let request = r#"{"title":"Bench","caption":"","theme":"friendly","fileName":"a.jpg"}"#;
    let response: Value =
        serde_json::from_str(&device.call("response", "", None).expect("response")).expect("json");
    assert_eq!(response["photoTermsAccepted"], false);
    let refused = error_of(device.call("add_photo", request, Some(&jpeg)));
    assert_eq!(refused.code, "consent_missing");

    let accepted: Value = serde_json::from_str(
        &device
            .call("accept_photo_terms", "", None)
            .expect("accepted"),
    )
    .expect("json");
    assert_eq!(accepted["photoTermsAccepted"], true);
    device
        .call("add_photo", request, Some(&jpeg))
        .expect("a photo after accepting");
    drop(device);

    // Kept across a restart, and accepting again keeps the first acceptance.
    let profile = Profile::open_with(&dir.path().join("p.sqlite"), options()).expect("reopen");
    let mut device = Device::new(profile);
    let again: Value =
        serde_json::from_str(&device.call("accept_photo_terms", "", None).expect("again"))
            .expect("json");
    assert_eq!(again["photoTermsAccepted"], true);
    assert_eq!(again["photos"].as_array().map(Vec::len), Some(1));
}

//! Smoke test of the real binary: serve on a free port, set up with the
//! admin command, join over HTTP, sync a participant's response document to
//! a facilitator, and refuse damaged messages without changing anything.

use anyhow::{bail, Context, Result};
use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use reqwest::blocking::Client;
use reqwest::StatusCode;
use std::collections::BTreeMap;

use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::{
    AnswerInput, AuditDocument, NewAudit, NewParticipant, ResponseDocument, TemplateChoice,
};
use cityaudit_core::sync::protocol::{
    CreateAuditResponse, DocumentMessage, ErrorBody, JoinRequest, JoinResponse, SyncRequest,
    SyncResponse,
};

mod common;
use common::{admin, Server};

/// A device that speaks the protocol with plain Automerge documents.
struct Device {
    token: String,
    docs: BTreeMap<DocumentId, AutoCommit>,
    states: BTreeMap<DocumentId, State>,
}

impl Device {
    fn new(token: &str) -> Self {
        Device {
            token: token.to_owned(),
            docs: BTreeMap::new(),
            states: BTreeMap::new(),
        }
    }

    fn batch(&mut self) -> Vec<DocumentMessage> {
        let mut out = Vec::new();
        for (id, doc) in &mut self.docs {
            let state = self.states.entry(id.clone()).or_default();
            out.push(DocumentMessage {
                doc_id: id.clone(),
                message: doc
                    .sync()
                    .generate_sync_message(state)
                    .map(|m| BASE64.encode(m.encode())),
            });
        }
        out
    }

    fn sync(&mut self, http: &Client, url: &str) -> Result<usize> {
        for round in 0..12 {
            let documents = self.batch();
            if round > 0 && documents.iter().all(|d| d.message.is_none()) {
                return Ok(round);
            }
            let response = http
                .post(format!("{url}/v1/sync"))
                .bearer_auth(&self.token)
                .json(&SyncRequest { documents })
                .send()?;
            if response.status() != StatusCode::OK {
                bail!("sync answered {}", response.status());
            }
            let reply: SyncResponse = response.json()?;
            for document in reply.documents {
                let Some(encoded) = document.message else {
                    continue;
                };
                let message = Message::decode(&BASE64.decode(encoded)?)?;
                let state = self.states.entry(document.doc_id.clone()).or_default();
                self.docs
                    .entry(document.doc_id)
                    .or_default()
                    .sync()
                    .receive_sync_message(state, message)?;
            }
        }
        bail!("sync did not settle")
    }
}

fn error_of(response: reqwest::blocking::Response) -> Result<(StatusCode, ErrorBody)> {
    let status = response.status();
    Ok((status, response.json()?))
}

#[test]
fn join_sync_and_refuse_damaged_messages_against_the_real_binary() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data, &[])?;
    let url = server.url.clone();
    let http = Client::new();

    let health = http.get(format!("{url}/healthz")).send()?;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text()?, "ok");

    // A facilitator from the admin command creates an audit over HTTP.
    let facilitator_token = admin(&data, &["create-facilitator", "--name", "Ana"])?
        .trim()
        .to_owned();
    let audit = NewAudit {
        title: "Sofia walk".into(),
        city: "Sofia".into(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-01".into(),
        meeting_point: "Town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    };
    let created: CreateAuditResponse = http
        .post(format!("{url}/v1/audits"))
        .bearer_auth(&facilitator_token)
        .json(&audit)
        .send()?
        .json()?;
    let audit_id = created.audit_id;

    // An invite from the admin command: the code on the first line.
    let invite = admin(
        &data,
        &[
            "create-invite",
            "--audit",
            audit_id.as_str(),
            "--role",
            "participant",
            "--server-url",
            &url,
        ],
    )?;
    let mut lines = invite.lines();
    let code = lines.next().context("code line")?.to_owned();
    assert!(lines
        .next()
        .context("link line")?
        .starts_with("cityaudit://join?server="));
    // The third line is the browser link, which the QR code below it shows.
    assert_eq!(
        lines.next().context("browser link line")?,
        format!("{url}/app/join?code={code}")
    );
    assert!(lines.next().context("QR code")?.contains('█'));

    // Join over HTTP (the code typed in lower case without the dash).
    let joined: JoinResponse = http
        .post(format!("{url}/v1/join"))
        .json(&JoinRequest {
            code: code.replace('-', " ").to_lowercase(),
            display_name: "Falcon".into(),
            group: "tcn_communities".into(),
            gender: None,
        })
        .send()?
        .json()?;
    assert_eq!(joined.audit_id, audit_id);
    let response_id = joined.response_doc.clone().context("participant")?;

    // The participant gets the audit, creates and answers its response, syncs.
    let mut participant = Device::new(&joined.token);
    participant.sync(&http, &url)?;
    let audit_data = AuditDocument::from_automerge(
        participant
            .docs
            .get(&audit_id)
            .context("audit arrived")?
            .clone(),
    )
    .read()?;
    let joining = NewParticipant {
        display_name: "Falcon".into(),
        group: "tcn_communities".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    };
    let mut response =
        ResponseDocument::create(&audit_id, &audit_data, &joined.participant_id, &joining)?;
    response.answer(&audit_data, "vision.1", &AnswerInput::score(4)?)?;
    participant
        .docs
        .insert(response_id.clone(), response.automerge().clone());
    participant.sync(&http, &url)?;

    // The facilitator receives the same response document.
    let mut facilitator = Device::new(&facilitator_token);
    facilitator.sync(&http, &url)?;
    let mut seen = ResponseDocument::from_automerge(
        facilitator
            .docs
            .get(&response_id)
            .context("facilitator got the response")?
            .clone(),
    );
    assert_eq!(
        seen.automerge().get_heads(),
        response.automerge().get_heads()
    );
    assert_eq!(seen.read()?, response.read()?);

    // A valid change together with a damaged message: 400, nothing stored.
    response.answer(&audit_data, "vision.2", &AnswerInput::score(2)?)?;
    participant
        .docs
        .insert(response_id.clone(), response.automerge().clone());
    let valid = participant
        .batch()
        .into_iter()
        .find(|d| d.doc_id == response_id)
        .context("own document")?;
    for damaged in [
        "%%% not base64 %%%".to_owned(),
        BASE64.encode(b"\x42garbage"),
    ] {
        let documents = vec![
            valid.clone(),
            DocumentMessage {
                doc_id: audit_id.clone(),
                message: Some(damaged),
            },
        ];
        let refused = http
            .post(format!("{url}/v1/sync"))
            .bearer_auth(&joined.token)
            .json(&SyncRequest { documents })
            .send()?;
        let (status, body) = error_of(refused)?;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body.error, "bad_request");
    }
    let mut fresh = Device::new(&facilitator_token);
    fresh.sync(&http, &url)?;
    assert_eq!(
        fresh
            .docs
            .get_mut(&response_id)
            .context("response")?
            .get_heads(),
        seen.automerge().get_heads(),
        "the refused batch changed nothing"
    );

    // Errors are JSON with the right status.
    let (status, body) = error_of(
        http.post(format!("{url}/v1/sync"))
            .json(&SyncRequest { documents: vec![] })
            .send()?,
    )?;
    assert_eq!(
        (status, body.error.as_str()),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let (status, body) = error_of(
        http.post(format!("{url}/v1/sync"))
            .bearer_auth(&joined.token)
            .header("content-type", "text/plain")
            .body("{}")
            .send()?,
    )?;
    assert_eq!(
        (status, body.error.as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    let hash = "a".repeat(64);
    let (status, body) = error_of(
        http.put(format!("{url}/v1/blobs/{hash}"))
            .bearer_auth(&joined.token)
            .header("content-type", "application/octet-stream")
            .header("content-range", "bytes 5-9/10")
            .body(vec![0u8; 5])
            .send()?,
    )?;
    assert_eq!(
        (status, body.error.as_str()),
        (StatusCode::CONFLICT, "conflict")
    );

    // Oversized bodies are refused from their declared length before they
    // are read: tests/tests/sync_access.rs and tests/slow_clients.rs.

    // SIGTERM stops the server cleanly.
    assert!(server.terminate()?, "clean exit on SIGTERM");
    Ok(())
}

#[test]
fn the_core_device_client_syncs_answers_and_uploads_photos() -> Result<()> {
    use cityaudit_core::model::{PhotoInput, PhotoRecord};
    use cityaudit_core::profile::{Profile, Session};
    use cityaudit_core::sync::client::{join, SyncClient};

    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data, &[])?;
    let url = server.url.clone();
    let facilitator_token = admin(&data, &["create-facilitator", "--name", "Ana"])?
        .trim()
        .to_owned();
    let http = Client::new();
    let audit = NewAudit::undated(
        "Sofia walk",
        "Sofia",
        TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    );
    let created: CreateAuditResponse = http
        .post(format!("{url}/v1/audits"))
        .bearer_auth(&facilitator_token)
        .json(&audit)
        .send()?
        .json()?;
    let invite = admin(
        &data,
        &[
            "create-invite",
            "--audit",
            created.audit_id.as_str(),
            "--role",
            "participant",
        ],
    )?;
    let code = invite.lines().next().context("code")?.to_owned();

    let mut profile = Profile::open(&dir.path().join("phone.sqlite"))?;
    let joined = join(
        cityaudit_core::sync::http::default_transport(),
        &url,
        &JoinRequest {
            code,
            display_name: "Falcon".into(),
            group: "ngos".into(),
            gender: None,
        },
    )?;
    let session = Session::from_join(&url, joined);
    profile.set_session(&session)?;
    let client = SyncClient::for_session(&session)?;
    client.sync_once(&mut profile)?;
    let joining = NewParticipant {
        display_name: "Falcon".into(),
        group: "ngos".into(),
        gender: None,
        accept_photo_terms: true,
        share_photo_locations: true,
    };
    let response_id = profile.create_joined_response(&session, &joining)?;
    profile.answer(&response_id, "vision.1", &AnswerInput::score(5)?)?;
    let photo: Vec<u8> = (0..6_000_000u32).map(|n| (n % 251) as u8).collect();
    let hash = profile.store_photo_blob(&photo, "image/jpeg")?;
    profile.add_photo(
        &response_id,
        &PhotoInput {
            hash: hash.clone(),
            record: PhotoRecord {
                title: "Library".into(),
                caption: "Open to all".into(),
                theme: "friendly".into(),
                location: None,
                taken_at: None,
                stop: None,
                media_type: "image/jpeg".into(),
                size: photo.len() as u64,
                consent: true,
                added_at: 1,
            },
        },
    )?;
    let report = client.sync_once(&mut profile)?;
    assert_eq!(report.blobs_uploaded, 1);
    assert_eq!(profile.pending_changes(&url)?, 0);

    let mut facilitator = Device::new(&facilitator_token);
    facilitator.sync(&http, &url)?;
    let seen = ResponseDocument::from_automerge(
        facilitator
            .docs
            .get(&response_id)
            .context("facilitator got the response")?
            .clone(),
    );
    assert_eq!(seen.read()?, profile.response(&response_id)?);
    let downloaded = http
        .get(format!("{url}/v1/blobs/{hash}"))
        .bearer_auth(&facilitator_token)
        .send()?;
    assert_eq!(downloaded.status(), StatusCode::OK);
    assert_eq!(downloaded.bytes()?.as_ref(), photo.as_slice());
    // A second sync has nothing to upload and settles at once.
    let again = client.sync_once(&mut profile)?;
    assert_eq!(again.blobs_uploaded, 0);
    assert!(again.round_trips <= 2, "{again:?}");
    Ok(())
}

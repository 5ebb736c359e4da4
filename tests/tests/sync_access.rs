//! The access matrix and bad input, against the real sync server binary:
//! every endpoint for every kind of caller, each cell asserted; damaged,
//! oversized, mistyped and unknown input refused with its 4xx and nothing
//! stored.

use anyhow::{ensure, Context, Result};
use automerge::sync::{Message, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ROOT};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::path::Path;

use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::sync::protocol::{
    CreateInviteRequest, DocumentMessage, ErrorBody, Invite, JoinRequest, JoinResponse,
    MissingBlobsResponse, RevokeRequest, Role, SyncRequest, MAX_BLOB_CHUNK, MAX_JSON_BODY,
    MAX_MISSING_HASHES,
};
use cityaudit_tests::device::{fixture, Phone, RawDevice};
use cityaudit_tests::server::{admin, create_audit, create_facilitator, new_audit, Server};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    NoToken,
    BadToken,
    Revoked,
    /// Someone holding only an expired invite: joining fails, no token.
    ExpiredInvite,
    /// The participant whose response document and photo are used.
    Participant,
    AnotherParticipant,
    FacilitatorOfAnotherAudit,
    Facilitator,
}

const CALLERS: [Caller; 8] = [
    Caller::NoToken,
    Caller::BadToken,
    Caller::Revoked,
    Caller::ExpiredInvite,
    Caller::Participant,
    Caller::AnotherParticipant,
    Caller::FacilitatorOfAnotherAudit,
    Caller::Facilitator,
];

/// What is called.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    Join,
    SyncReadAudit,
    SyncWriteAudit,
    SyncReadResponse,
    SyncWriteResponse,
    BlobsMissing,
    BlobUpload,
    BlobDownload,
    CreateAudit,
    CreateInvite,
    ListParticipants,
    Revoke,
}

/// The set-up world: one audit with two participants, another audit with
/// its own facilitator, a revoked participant, an expired invite.
struct World {
    url: String,
    data: std::path::PathBuf,
    http: Client,
    tokens: BTreeMap<&'static str, String>,
    audit: DocumentId,
    response: DocumentId,
    photo: BlobHash,
    expired_code: String,
    code: String,
    audit_read: String,
    audit_write: String,
    response_read: String,
    response_write: String,
}

fn encoded(message: Message) -> String {
    BASE64.encode(message.encode())
}

/// A message with changes for `doc`, from a device in sync with the server.
fn message_with_changes(device: &mut RawDevice, doc: &DocumentId, key: &str) -> Result<String> {
    let mut state = device.states.get(doc).cloned().unwrap_or_default();
    let held = device.docs.get_mut(doc).context("document held")?;
    let mut copy = held.fork();
    copy.put(ROOT, key, "access matrix")?;
    let message = copy
        .sync()
        .generate_sync_message(&mut state)
        .context("a message")?;
    ensure!(!message.changes.is_empty(), "the message carries changes");
    Ok(encoded(message))
}

/// A message without changes (a fresh device asking for the document).
fn message_without_changes() -> Result<String> {
    let mut state = automerge::sync::State::new();
    let message = AutoCommit::new()
        .sync()
        .generate_sync_message(&mut state)
        .context("a first message")?;
    Ok(encoded(message))
}

fn join_with(
    http: &Client,
    url: &str,
    code: &str,
    name: &str,
) -> Result<reqwest::blocking::Response> {
    Ok(http
        .post(format!("{url}/v1/join"))
        .json(&JoinRequest {
            code: code.to_owned(),
            display_name: name.into(),
            group: "ngos".into(),
            gender: None,
        })
        .send()?)
}

fn invite(http: &Client, url: &str, token: &str, audit: &DocumentId, secs: u64) -> Result<String> {
    let invite: Invite = http
        .post(format!("{url}/v1/audits/{audit}/invites"))
        .bearer_auth(token)
        .json(&CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: secs,
            max_uses: 1000,
        })
        .send()?
        .error_for_status()?
        .json()?;
    Ok(invite.code)
}

fn world(dir: &Path, server: &Server) -> Result<World> {
    let url = server.url.clone();
    let data = server.data.clone();
    let http = Client::new();
    let facilitator = create_facilitator(&data, "Ana")?;
    let other_facilitator = create_facilitator(&data, "Bo")?;
    let audit = create_audit(&http, &url, &facilitator, "Walk")?;
    create_audit(&http, &url, &other_facilitator, "Elsewhere")?;
    let code = invite(&http, &url, &facilitator, &audit, 3600)?;
    let expired_code = invite(&http, &url, &facilitator, &audit, 1)?;

    let mut owner = Phone::join(&url, &code, "Falcon", &dir.join("a.sqlite"))?;
    let photo = owner.add_photo(&fixture("Canon_40D.jpg")?, "Library", None)?;
    owner.sync()?;
    let response = owner.response_id()?;
    let another = Phone::join(&url, &code, "Heron", &dir.join("b.sqlite"))?;
    let revoked = Phone::join(&url, &code, "Lark", &dir.join("c.sqlite"))?;
    admin(
        &data,
        &["revoke", "--participant", &revoked.session.participant_id],
    )?;
    std::thread::sleep(std::time::Duration::from_millis(1100));

    let mut facilitator_device = RawDevice::new(&facilitator);
    facilitator_device.sync(&http, &url)?;
    let mut owner_device = RawDevice::new(&owner.session.token);
    owner_device.sync(&http, &url)?;
    let mut tokens = BTreeMap::new();
    tokens.insert("facilitator", facilitator);
    tokens.insert("other_facilitator", other_facilitator);
    tokens.insert("participant", owner.session.token.clone());
    tokens.insert("another", another.session.token.clone());
    tokens.insert("revoked", revoked.session.token.clone());
    Ok(World {
        audit_write: message_with_changes(&mut facilitator_device, &audit, "matrix_note")?,
        response_write: message_with_changes(&mut owner_device, &response, "matrix_note")?,
        audit_read: message_without_changes()?,
        response_read: message_without_changes()?,
        url,
        data,
        http,
        tokens,
        audit,
        response,
        photo,
        expired_code,
        code,
    })
}

impl World {
    fn token(&self, caller: Caller) -> Option<String> {
        let key = match caller {
            Caller::NoToken | Caller::ExpiredInvite => return None,
            Caller::BadToken => return Some("X".repeat(43)),
            Caller::Revoked => "revoked",
            Caller::Participant => "participant",
            Caller::AnotherParticipant => "another",
            Caller::FacilitatorOfAnotherAudit => "other_facilitator",
            Caller::Facilitator => "facilitator",
        };
        self.tokens.get(key).cloned()
    }

    fn sync_body(&self, doc: &DocumentId, message: &str) -> SyncRequest {
        SyncRequest {
            documents: vec![DocumentMessage {
                doc_id: doc.clone(),
                message: Some(message.to_owned()),
            }],
        }
    }

    /// Makes the call for one cell and returns its status.
    fn call(&self, endpoint: Endpoint, caller: Caller, cell: usize) -> Result<StatusCode> {
        let url = &self.url;
        let http = &self.http;
        let request: RequestBuilder = match endpoint {
            Endpoint::Join => {
                let code = if caller == Caller::ExpiredInvite {
                    &self.expired_code
                } else {
                    &self.code
                };
                return Ok(join_with(http, url, code, &format!("Joiner {cell}"))?.status());
            }
            Endpoint::SyncReadAudit => http
                .post(format!("{url}/v1/sync?partial=true"))
                .json(&self.sync_body(&self.audit, &self.audit_read)),
            Endpoint::SyncWriteAudit => http
                .post(format!("{url}/v1/sync?partial=true"))
                .json(&self.sync_body(&self.audit, &self.audit_write)),
            Endpoint::SyncReadResponse => http
                .post(format!("{url}/v1/sync?partial=true"))
                .json(&self.sync_body(&self.response, &self.response_read)),
            Endpoint::SyncWriteResponse => http
                .post(format!("{url}/v1/sync?partial=true"))
                .json(&self.sync_body(&self.response, &self.response_write)),
            Endpoint::BlobsMissing => http
                .post(format!("{url}/v1/blobs/missing"))
                .json(&serde_json::json!({ "hashes": [self.photo.as_str()] })),
            Endpoint::BlobUpload => {
                let bytes = format!("blob for cell {cell}").into_bytes();
                let hash = BlobHash::of(&bytes);
                http.put(format!("{url}/v1/blobs/{hash}"))
                    .header("content-type", "application/octet-stream")
                    .header(
                        "content-range",
                        format!("bytes 0-{}/{}", bytes.len() - 1, bytes.len()),
                    )
                    .body(bytes)
            }
            Endpoint::BlobDownload => http.get(format!("{url}/v1/blobs/{}", self.photo)),
            Endpoint::CreateAudit => http
                .post(format!("{url}/v1/audits"))
                .json(&new_audit("More")),
            Endpoint::CreateInvite => http
                .post(format!("{url}/v1/audits/{}/invites", self.audit))
                .json(&CreateInviteRequest {
                    role: Role::Participant,
                    expires_in_secs: 60,
                    max_uses: 1,
                }),
            Endpoint::ListParticipants => {
                http.get(format!("{url}/v1/audits/{}/participants", self.audit))
            }
            Endpoint::Revoke => {
                // A fresh person to revoke, so every cell has a target.
                let joined: JoinResponse =
                    join_with(http, url, &self.code, &format!("Target {cell}"))?
                        .error_for_status()?
                        .json()?;
                http.post(format!("{url}/v1/tokens/revoke"))
                    .json(&RevokeRequest {
                        participant_id: joined.participant_id,
                    })
            }
        };
        let request = match self.token(caller) {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        Ok(request.send()?.status())
    }
}

/// The expected status of one cell.
fn expected(endpoint: Endpoint, caller: Caller) -> StatusCode {
    use Caller::*;
    use Endpoint::*;
    const OK: StatusCode = StatusCode::OK;
    const DENIED: StatusCode = StatusCode::FORBIDDEN;
    if let Join = endpoint {
        return if caller == ExpiredInvite {
            StatusCode::UNAUTHORIZED
        } else {
            OK
        };
    }
    if matches!(caller, NoToken | BadToken | Revoked | ExpiredInvite) {
        return StatusCode::UNAUTHORIZED;
    }
    let participant = matches!(caller, Participant | AnotherParticipant);
    match (endpoint, caller) {
        (SyncReadAudit, FacilitatorOfAnotherAudit) => DENIED,
        (SyncReadAudit, _) => OK,
        (SyncWriteAudit, Facilitator) => OK,
        (SyncWriteAudit, _) => DENIED,
        (SyncReadResponse | BlobDownload, Participant | Facilitator) => OK,
        (SyncReadResponse | BlobDownload, _) => DENIED,
        (SyncWriteResponse, Participant) => OK,
        (SyncWriteResponse, _) => DENIED,
        (BlobsMissing | BlobUpload, _) => OK,
        (CreateAudit, _) if participant => DENIED,
        (CreateAudit, _) => OK,
        (CreateInvite | ListParticipants, Facilitator) => OK,
        (CreateInvite | ListParticipants, _) => DENIED,
        (Revoke, Facilitator) => StatusCode::NO_CONTENT,
        (Revoke, _) => DENIED,
        (Join, _) => OK,
    }
}

#[test]
fn every_endpoint_for_every_caller() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("data"))?;
    let world = world(dir.path(), &server)?;
    let endpoints = [
        Endpoint::Join,
        Endpoint::SyncReadAudit,
        Endpoint::SyncWriteAudit,
        Endpoint::SyncReadResponse,
        Endpoint::SyncWriteResponse,
        Endpoint::BlobsMissing,
        Endpoint::BlobUpload,
        Endpoint::BlobDownload,
        Endpoint::CreateAudit,
        Endpoint::CreateInvite,
        Endpoint::ListParticipants,
        Endpoint::Revoke,
    ];
    let mut wrong = Vec::new();
    let mut cells = 0;
    for endpoint in endpoints {
        for caller in CALLERS {
            cells += 1;
            let got = world.call(endpoint, caller, cells)?;
            let want = expected(endpoint, caller);
            if got != want {
                wrong.push(format!("{endpoint:?} x {caller:?}: got {got}, want {want}"));
            }
        }
    }
    assert_eq!(cells, 96);
    assert!(wrong.is_empty(), "cells differ:\n{}", wrong.join("\n"));
    drop(server);
    Ok(())
}

/// Every document's heads as the facilitator sees them from scratch.
fn server_heads(world: &World) -> Result<BTreeMap<DocumentId, Vec<ChangeHash>>> {
    let token = world.token(Caller::Facilitator).context("token")?;
    let mut device = RawDevice::new(&token);
    device.sync(&world.http, &world.url)?;
    Ok(device
        .docs
        .iter_mut()
        .map(|(id, doc)| (id.clone(), doc.get_heads()))
        .collect())
}

/// Sends a request head (no body) on a fresh connection and returns what
/// the server answers before closing or within five seconds.
fn raw_request(url: &str, head: &str) -> Result<String> {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    stream.write_all(head.as_bytes())?;
    let mut answer = vec![0u8; 4096];
    let read = stream.read(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer[..read]).into_owned())
}

fn error_of(response: reqwest::blocking::Response) -> Result<(StatusCode, String)> {
    let status = response.status();
    let body: ErrorBody = response.json()?;
    Ok((status, body.error))
}

#[test]
fn bad_input_gets_its_4xx_and_changes_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("data"))?;
    let world = world(dir.path(), &server)?;
    let url = &world.url;
    let http = &world.http;
    let token = world.token(Caller::Participant).context("token")?;
    let before = server_heads(&world)?;
    let members_before = admin(
        &world.data,
        &["list-participants", "--audit", world.audit.as_str()],
    )?;

    // Corrupt sync message bytes, next to a valid write: the whole batch is refused.
    for damaged in [
        "%%% not base64 %%%".to_owned(),
        BASE64.encode(b"\x42garbage"),
        {
            let mut bytes = BASE64.decode(&world.response_write)?;
            let last = bytes.len() - 3;
            bytes[last] ^= 0xff;
            BASE64.encode(bytes)
        },
    ] {
        let documents = vec![
            DocumentMessage {
                doc_id: world.response.clone(),
                message: Some(world.response_write.clone()),
            },
            DocumentMessage {
                doc_id: world.audit.clone(),
                message: Some(damaged),
            },
        ];
        let refused = http
            .post(format!("{url}/v1/sync"))
            .bearer_auth(&token)
            .json(&SyncRequest { documents })
            .send()?;
        assert_eq!(
            error_of(refused)?,
            (StatusCode::BAD_REQUEST, "bad_request".into())
        );
    }

    // Unknown document ids: refused as documents of others are, so a
    // token learns nothing about what exists.
    let unknown = http
        .post(format!("{url}/v1/sync"))
        .bearer_auth(&token)
        .json(&world.sync_body(&DocumentId::random(), &world.audit_read))
        .send()?;
    assert_eq!(
        error_of(unknown)?,
        (StatusCode::FORBIDDEN, "forbidden".into())
    );

    // Wrong content type.
    let typed = http
        .post(format!("{url}/v1/sync"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(serde_json::to_vec(
            &world.sync_body(&world.response, &world.response_write),
        )?)
        .send()?;
    assert_eq!(
        error_of(typed)?,
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type".into()
        )
    );

    // Oversized bodies: JSON over its limit, a blob chunk over its limit.
    // The server answers from the declared length without reading the body
    // (an HTTP client writing the whole body would meet a closed connection
    // first), so the requests are written by hand.
    let big_hash = BlobHash::of(&vec![7u8; MAX_BLOB_CHUNK + 1]);
    for (request_line, content_type, length, extra) in [
        (
            "POST /v1/sync",
            "application/json",
            MAX_JSON_BODY + 1,
            String::new(),
        ),
        (
            &*format!("PUT /v1/blobs/{big_hash}"),
            "application/octet-stream",
            MAX_BLOB_CHUNK + 1,
            format!(
                "Content-Range: bytes 0-{MAX_BLOB_CHUNK}/{}\r\n",
                MAX_BLOB_CHUNK + 1
            ),
        ),
    ] {
        let head = format!(
            "{request_line} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: {content_type}\r\nContent-Length: {length}\r\n{extra}\r\n"
        );
        let answer = raw_request(url, &head)?;
        ensure!(
            answer.starts_with("HTTP/1.1 413") && answer.contains("too_large"),
            "{request_line}: {answer}"
        );
    }

    // A blob whose bytes do not hash to its name: 422, and nothing kept.
    let bytes = b"these bytes are not the named photo".to_vec();
    let named = BlobHash::of(b"something else");
    let mismatch = http
        .put(format!("{url}/v1/blobs/{named}"))
        .bearer_auth(&token)
        .header("content-type", "application/octet-stream")
        .header(
            "content-range",
            format!("bytes 0-{}/{}", bytes.len() - 1, bytes.len()),
        )
        .body(bytes)
        .send()?;
    assert_eq!(
        error_of(mismatch)?,
        (StatusCode::UNPROCESSABLE_ENTITY, "hash_mismatch".into())
    );
    let missing: MissingBlobsResponse = http
        .post(format!("{url}/v1/blobs/missing"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "hashes": [named.as_str(), big_hash.as_str()] }))
        .send()?
        .json()?;
    assert_eq!(missing.missing.len(), 2);
    assert!(missing.missing.iter().all(|m| m.offset == 0), "{missing:?}");
    // At most MAX_MISSING_HASHES per request; each asked once however often repeated.
    let many: Vec<String> = (0..=MAX_MISSING_HASHES)
        .map(|n| format!("{n:064x}"))
        .collect();
    let too_many = http
        .post(format!("{url}/v1/blobs/missing"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "hashes": many }))
        .send()?;
    assert_eq!(
        error_of(too_many)?,
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large".into())
    );
    let mut repeated = many[..MAX_MISSING_HASHES - 1].to_vec();
    repeated.push(many[0].clone());
    let answered: MissingBlobsResponse = http
        .post(format!("{url}/v1/blobs/missing"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "hashes": repeated }))
        .send()?
        .json()?;
    assert_eq!(answered.missing.len(), MAX_MISSING_HASHES - 1);
    assert_eq!(server_heads(&world)?, before, "no document changed");
    assert_eq!(
        admin(
            &world.data,
            &["list-participants", "--audit", world.audit.as_str()]
        )?
        .lines()
        .map(|l| l.split('\t').take(4).collect::<Vec<_>>().join("\t"))
        .collect::<Vec<_>>(),
        members_before
            .lines()
            .map(|l| l.split('\t').take(4).collect::<Vec<_>>().join("\t"))
            .collect::<Vec<_>>(),
        "no member changed"
    );
    drop(server);
    Ok(())
}

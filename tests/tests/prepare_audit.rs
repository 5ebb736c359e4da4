//! Core's `prepare_audit` against the real sync server on loopback: the
//! audit is created, fetched, planned and synced, so another facilitator
//! device receives its stops and photovoice window; when a sync fails the
//! error says so and what was kept, and the next sync completes the work.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};

use cityaudit_core::ids::DocumentId;
use cityaudit_core::model::Role;
use cityaudit_core::model::{Location, LocationSource, PhotovoiceWindow, PlannedStop};
use cityaudit_core::profile::{Profile, ProfileOptions, Session};
use cityaudit_core::sync::client::SyncClient;
use cityaudit_core::sync::http::{
    native_transport, HttpRequest, HttpResponse, Transport, TransportError,
};
use cityaudit_core::sync::prepare::{prepare_audit, AuditPlan, PrepareError};
use cityaudit_tests::server::{create_facilitator, new_audit, Server};

/// The native transport, refusing every `/v1/sync` request after the first `allowed`.
#[derive(Debug)]
struct SyncsFailAfter {
    allowed: usize,
    seen: AtomicUsize,
}

impl Transport for SyncsFailAfter {
    fn send(&self, request: HttpRequest, limit: u64) -> Result<HttpResponse, TransportError> {
        if request.url.ends_with("/v1/sync")
            && self.seen.fetch_add(1, Ordering::SeqCst) >= self.allowed
        {
            return Err(TransportError::Unreachable("the network went away".into()));
        }
        native_transport().send(request, limit)
    }
}

fn profile(path: &std::path::Path, transport: Arc<dyn Transport>) -> Result<Profile> {
    Ok(Profile::open_with(
        path,
        ProfileOptions {
            transport,
            ..ProfileOptions::default()
        },
    )?)
}

fn session(server: &Server, token: &str) -> Session {
    Session {
        server: server.url.clone(),
        token: token.to_owned(),
        role: Role::Facilitator,
        audit_id: DocumentId::random(),
        participant_id: String::new(),
        response_doc: None,
        read_only_audits: Vec::new(),
    }
}

fn plan() -> Result<AuditPlan> {
    let now = cityaudit_core::model::now_ms();
    Ok(AuditPlan {
        audit: new_audit("Harbour walk"),
        stops: vec![PlannedStop {
            name_of_area: "Old town".into(),
            specific_location: "Roman baths".into(),
            position: Some(Location::new(43.2, 27.9, LocationSource::Manual)?),
            order: 0,
        }],
        photovoice_window: Some(PhotovoiceWindow {
            starts_at: now,
            ends_at: now + 86_400_000,
        }),
        template: None,
    })
}

/// What another device of the facilitator receives of `audit`.
fn received(
    server: &Server,
    token: &str,
    path: &std::path::Path,
    audit: &DocumentId,
) -> Result<(usize, bool)> {
    let mut other = profile(path, native_transport())?;
    let session = Session {
        audit_id: audit.clone(),
        ..session(server, token)
    };
    other.set_session(&session)?;
    SyncClient::for_session(&session)?.sync_once(&mut other)?;
    let data = other.audit(audit)?;
    let window = data.photovoice_window.value().is_some_and(Option::is_some);
    Ok((data.planned_stops().count(), window))
}

/// `/v1/sync` requests a fresh device makes to fetch a new audit.
fn syncs_to_fetch(server: &Server, token: &str, dir: &std::path::Path) -> Result<usize> {
    let counting = Arc::new(SyncsFailAfter {
        allowed: usize::MAX,
        seen: AtomicUsize::new(0),
    });
    let mut device = profile(&dir.join("count.sqlite"), counting.clone())?;
    let id = SyncClient::for_session(&session(server, token))?.create_audit(&new_audit("Count"))?;
    let fetching = Session {
        audit_id: id,
        ..session(server, token)
    };
    device.set_session(&fetching)?;
    SyncClient::with_transport(counting.clone(), &fetching).sync_once(&mut device)?;
    Ok(counting.seen.load(Ordering::SeqCst))
}

#[test]
fn an_audit_prepared_in_core_reaches_the_server_with_its_plan() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let token = create_facilitator(&server.data, "Lead")?;
    let mut device = profile(&dir.path().join("lead.sqlite"), native_transport())?;
    let audit = prepare_audit(&mut device, &session(&server, &token), &plan()?)?;
    let now_on = device.session()?.context("session")?.audit_id;
    assert_eq!(now_on, audit, "the device works on the new audit");
    let other = dir.path().join("other.sqlite");
    assert_eq!(received(&server, &token, &other, &audit)?, (1, true));
    Ok(())
}

#[test]
fn a_failed_sync_after_planning_is_reported_and_the_plan_is_kept() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let token = create_facilitator(&server.data, "Lead")?;
    let fetch = syncs_to_fetch(&server, &token, dir.path())?;
    let path = dir.path().join("lead.sqlite");
    let flaky = Arc::new(SyncsFailAfter {
        allowed: fetch,
        seen: AtomicUsize::new(0),
    });
    let mut device = profile(&path, flaky)?;
    let error = prepare_audit(&mut device, &session(&server, &token), &plan()?)
        .expect_err("the second sync fails");
    let PrepareError::NotSent { audit_id, .. } = &error else {
        panic!("not reported as unsent: {error:?}");
    };
    let audit_id = audit_id.clone();
    assert!(
        error.to_string().contains("sync when you are online"),
        "{error}"
    );
    assert_eq!(
        device.audit(&audit_id)?.planned_stops().count(),
        1,
        "kept here"
    );
    let before = dir.path().join("before.sqlite");
    assert_eq!(received(&server, &token, &before, &audit_id)?, (0, false));
    drop(device);

    // Back online: the next sync sends the plan.
    let mut device = profile(&path, native_transport())?;
    SyncClient::for_profile(&device)?.sync_once(&mut device)?;
    let after = dir.path().join("after.sqlite");
    assert_eq!(received(&server, &token, &after, &audit_id)?, (1, true));
    Ok(())
}

#[test]
fn an_audit_that_does_not_arrive_is_reported() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server"))?;
    let token = create_facilitator(&server.data, "Lead")?;
    let offline_syncs = Arc::new(SyncsFailAfter {
        allowed: 0,
        seen: AtomicUsize::new(0),
    });
    let mut device = profile(&dir.path().join("lead.sqlite"), offline_syncs)?;
    let error = prepare_audit(&mut device, &session(&server, &token), &plan()?)
        .expect_err("no sync gets through");
    assert!(
        matches!(error, PrepareError::NotArrived { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("created on the server"),
        "{error}"
    );
    Ok(())
}

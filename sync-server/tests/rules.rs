//! The rules core decides, as the real binary applies them: an audit that
//! ends before it starts is refused by `POST /v1/audits` and by the admin
//! command; an invite longer than 90 days is refused by
//! `POST /v1/audits/{id}/invites` with the words the app's invite form shows.

use anyhow::Result;
use reqwest::blocking::Client;
use reqwest::StatusCode;

use cityaudit_core::model::{NewAudit, TemplateChoice};
use cityaudit_core::sync::protocol::{CreateAuditResponse, CreateInviteRequest, ErrorBody, Role};

mod common;
use common::{admin, Server};

fn audit(starts_on: &str, ends_on: &str) -> NewAudit {
    NewAudit {
        title: "Sofia walk".into(),
        city: "Sofia".into(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        meeting_point: "Town hall".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        },
    }
}

#[test]
fn an_audit_ending_before_it_starts_is_refused_over_http() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data, &[])?;
    let token = admin(&data, &["create-facilitator", "--name", "Ana"])?
        .trim()
        .to_owned();
    let http = Client::new();
    let response = http
        .post(format!("{}/v1/audits", server.url))
        .bearer_auth(&token)
        .json(&audit("2026-05-03", "2026-05-01"))
        .send()?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: ErrorBody = response.json()?;
    assert!(
        body.message.contains("before the start date"),
        "{}",
        body.message
    );
    let response = http
        .post(format!("{}/v1/audits", server.url))
        .bearer_auth(&token)
        .json(&audit("2026-05-01", "2026-05-03"))
        .send()?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(())
}

#[test]
fn an_audit_ending_before_it_starts_is_refused_by_the_admin_command() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let refused = admin(
        &data,
        &[
            "create-audit",
            "--title",
            "Sofia walk",
            "--city",
            "Sofia",
            "--starts-on",
            "2026-05-03",
            "--ends-on",
            "2026-05-01",
        ],
    )
    .expect_err("backwards dates");
    assert!(
        refused.to_string().contains("before the start date"),
        "{refused}"
    );
    let created = admin(
        &data,
        &[
            "create-audit",
            "--title",
            "Sofia walk",
            "--city",
            "Sofia",
            "--starts-on",
            "2026-05-01",
            "--ends-on",
            "2026-05-03",
        ],
    )?;
    assert!(!created.trim().is_empty());
    Ok(())
}

#[test]
fn a_120_day_invite_is_refused_with_the_words_the_app_shows() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data, &[])?;
    let token = admin(&data, &["create-facilitator", "--name", "Ana"])?
        .trim()
        .to_owned();
    let http = Client::new();
    let created: CreateAuditResponse = http
        .post(format!("{}/v1/audits", server.url))
        .bearer_auth(&token)
        .json(&audit("2026-05-01", "2026-05-01"))
        .send()?
        .json()?;
    let invites = format!("{}/v1/audits/{}/invites", server.url, created.audit_id);
    let invite = |days: u64| CreateInviteRequest {
        role: Role::Participant,
        expires_in_secs: days * 86_400,
        max_uses: 5,
    };
    let response = http
        .post(&invites)
        .bearer_auth(&token)
        .json(&invite(120))
        .send()?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: ErrorBody = response.json()?;
    assert_eq!(body.message, "Type a whole number of days from 1 to 90.");
    let response = http
        .post(&invites)
        .bearer_auth(&token)
        .json(&invite(90))
        .send()?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(())
}

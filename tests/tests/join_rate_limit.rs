//! Guessing invite codes is rate-limited per client address, against the
//! real server binary: failed joins use up the address's allowance and are
//! then answered 429 with `Retry-After`; successful joins do not count; the
//! limit is configurable and 0 turns it off.

use anyhow::{ensure, Context, Result};
use reqwest::blocking::Client;
use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;

use cityaudit_core::sync::protocol::{ErrorBody, JoinRequest};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

fn join(http: &Client, server: &Server, code: &str) -> Result<reqwest::blocking::Response> {
    Ok(http
        .post(format!("{}/v1/join", server.url))
        .json(&JoinRequest {
            code: code.to_owned(),
            display_name: "Heron".into(),
            group: "other".into(),
            gender: None,
        })
        .send()?)
}

/// A server with `options` and a valid participant invite code for 20 joins.
fn server_with_invite(
    dir: &std::path::Path,
    options: &[&str],
    http: &Client,
) -> Result<(Server, String)> {
    let server = Server::start_with(dir, "127.0.0.1:0", options)?;
    let token = create_facilitator(dir, "Facilitator")?;
    let audit = create_audit(http, &server.url, &token, "Limits")?;
    let code = participant_invite(dir, &audit, 20)?;
    Ok((server, code))
}

#[test]
fn failed_joins_are_limited_per_address_and_answered_429_with_retry_after() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let http = Client::new();
    let (server, code) = server_with_invite(dir.path(), &["--join-rate-limit", "3"], &http)?;

    for _ in 0..5 {
        let joined = join(&http, &server, &code)?;
        ensure!(
            joined.status() == StatusCode::OK,
            "a valid join: {}",
            joined.status()
        );
    }
    for attempt in 0..3 {
        let guessed = join(&http, &server, "ZZZZ-ZZZZ")?;
        ensure!(
            guessed.status() == StatusCode::UNAUTHORIZED,
            "wrong code {attempt} within the allowance: {}",
            guessed.status()
        );
    }
    let limited = join(&http, &server, "ZZZZ-ZZZZ")?;
    ensure!(
        limited.status() == StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.status()
    );
    let retry_after: u64 = limited
        .headers()
        .get(RETRY_AFTER)
        .context("Retry-After header")?
        .to_str()?
        .parse()?;
    ensure!(
        (1..=20).contains(&retry_after),
        "3 per minute refills one attempt within 20 s, not {retry_after}"
    );
    let body: ErrorBody = limited.json()?;
    ensure!(body.error == "too_many_requests", "{}", body.error);
    ensure!(!body.message.is_empty());

    let valid_while_limited = join(&http, &server, &code)?;
    ensure!(
        valid_while_limited.status() == StatusCode::TOO_MANY_REQUESTS,
        "the address is limited until its allowance refills: {}",
        valid_while_limited.status()
    );
    Ok(())
}

#[test]
fn a_limit_of_zero_turns_limiting_off() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let http = Client::new();
    let (server, code) = server_with_invite(dir.path(), &["--join-rate-limit", "0"], &http)?;
    for attempt in 0..30 {
        let guessed = join(&http, &server, "ZZZZ-ZZZZ")?;
        ensure!(
            guessed.status() == StatusCode::UNAUTHORIZED,
            "wrong code {attempt}: {}",
            guessed.status()
        );
    }
    ensure!(join(&http, &server, &code)?.status() == StatusCode::OK);
    Ok(())
}

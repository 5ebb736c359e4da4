//! Comparing rounds with an earlier audit another facilitator ran, against
//! the real server binary: the earlier audit's facilitator makes a reader
//! invite; the new audit's facilitator redeems it with their own token and
//! from then on reads the earlier audit and its responses, read-only and
//! without its photos. Nobody joins with a reader code, participants cannot
//! redeem one, and a reader's change to the earlier audit is refused. When
//! the earlier audit's facilitator ends the reading, the reader's devices
//! keep syncing their own audit and hear nothing more of the earlier one.

use anyhow::{ensure, Context, Result};
use automerge::transaction::Transactable;
use automerge::ROOT;
use reqwest::blocking::Client;
use reqwest::StatusCode;

use cityaudit_core::commands::facilitator::{open_earlier_audit, EarlierAuditCommand};
use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{AnswerInput, AnswerValue, ReportText};
use cityaudit_core::sync::protocol::{
    CreateInviteRequest, ErrorBody, Invite, JoinRequest, ParticipantStatus, RedeemReaderRequest,
    RevokeRequest, Role,
};
use cityaudit_core::views::facilitator::{audits_of_city, results};
use cityaudit_tests::device::{fixture, Phone, RawDevice};
use cityaudit_tests::server::{create_audit, create_facilitator, participant_invite, Server};

fn reader_invite(http: &Client, url: &str, token: &str, audit: &DocumentId) -> Result<String> {
    let request = CreateInviteRequest {
        role: Role::Reader,
        expires_in_secs: 3_600,
        max_uses: 1,
    };
    let response = http
        .post(format!("{url}/v1/audits/{}/invites", audit.as_str()))
        .bearer_auth(token)
        .json(&request)
        .send()?;
    ensure!(
        response.status() == StatusCode::OK,
        "invite: {}",
        response.status()
    );
    Ok(response.json::<Invite>()?.code)
}

fn blob_status(http: &Client, url: &str, token: &str, hash: &BlobHash) -> Result<StatusCode> {
    let response = http
        .get(format!("{url}/v1/blobs/{}", hash.as_str()))
        .bearer_auth(token)
        .send()?;
    Ok(response.status())
}

fn redeem(http: &Client, url: &str, token: &str, code: &str) -> Result<(StatusCode, String)> {
    let response = http
        .post(format!("{url}/v1/readers"))
        .bearer_auth(token)
        .json(&RedeemReaderRequest { code: code.into() })
        .send()?;
    let status = response.status();
    let body = response.text()?;
    Ok((status, body))
}

#[test]
fn a_facilitator_reads_an_earlier_audit_of_another_to_compare_rounds() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let http = Client::new();
    let url = server.url.clone();

    // 2025: Ana's audit, with a participant's score, comment and photo.
    let ana = create_facilitator(&data, "Ana")?;
    let earlier = create_audit(&http, &url, &ana, "Sofia walk 2025")?;
    let code = participant_invite(&data, &earlier, 5)?;
    let mut phone = Phone::join(&url, &code, "Falcon", &dir.path().join("phone.sqlite"))?;
    let response = phone.response_id()?;
    let input = AnswerInput {
        comment: Some("Signs only in Bulgarian".into()),
        ..AnswerInput::score(2)?
    };
    phone.profile.answer(&response, "vision.1", &input)?;
    let photo = phone.add_photo(&fixture("DSCN0010.jpg")?, "Bus stop", None)?;
    phone.sync()?;

    // 2026: Boris, another facilitator, runs the next round.
    let boris = create_facilitator(&data, "Boris")?;
    let current = create_audit(&http, &url, &boris, "Sofia walk 2026")?;
    let mut laptop = Phone::facilitator(&url, &boris, &current, &dir.path().join("laptop.sqlite"))?;
    laptop.sync()?;
    ensure!(
        laptop.profile.audit(&earlier).is_err(),
        "Boris reads nothing of 2025 yet"
    );

    let reader_code = reader_invite(&http, &url, &ana, &earlier)?;

    // Nobody joins with a reader code, and trying does not use it up.
    let joined = http
        .post(format!("{url}/v1/join"))
        .json(&JoinRequest {
            code: reader_code.clone(),
            display_name: "Mallory".into(),
            group: "ngos".into(),
            gender: None,
        })
        .send()?;
    ensure!(
        joined.status() == StatusCode::BAD_REQUEST,
        "join: {}",
        joined.status()
    );
    let body: ErrorBody = joined.json()?;
    ensure!(body.message.contains("Results screen"), "{}", body.message);

    // A participant cannot redeem one either.
    let (status, _) = redeem(&http, &url, &phone.session.token, &reader_code)?;
    ensure!(
        status == StatusCode::FORBIDDEN,
        "participant redeemed: {status}"
    );

    // Boris redeems it from his device; the audit and its responses arrive.
    let opened = open_earlier_audit(
        &mut laptop.profile,
        EarlierAuditCommand {
            code: reader_code.to_lowercase(),
        },
    )
    .map_err(|e| anyhow::anyhow!("{}: {}", e.code, e.message))?;
    ensure!(opened.title == "Sofia walk 2025", "{opened:?}");
    let listed = audits_of_city(
        &laptop.profile,
        &current,
        "Sofia",
        &laptop
            .profile
            .session()?
            .context("session")?
            .read_only_audits,
    );
    ensure!(
        listed.iter().any(|a| a.id == earlier.as_str()),
        "{listed:?}"
    );
    let compared = results(&laptop.profile, &current, Some(&earlier))?;
    let comparison = compared.comparison.context("a comparison")?;
    ensure!(comparison.earlier_title == "Sofia walk 2025");
    ensure!(
        comparison.items.get("vision.1").and_then(|c| c.earlier) == Some(2.0),
        "{:?}",
        comparison.items.get("vision.1")
    );

    // Read-only on the device: no edit of the earlier audit, no photo fetched.
    let refused =
        laptop
            .profile
            .set_report_text(&earlier, ReportText::CityContext, "Boris was here");
    ensure!(
        refused.is_err(),
        "the device let a reader edit the earlier audit"
    );
    ensure!(
        !laptop.profile.blobs().contains(&photo),
        "a reader fetched a photo"
    );
    laptop.sync()?;
    ensure!(
        !laptop.profile.blobs().contains(&photo),
        "a reader fetched a photo"
    );

    // And on the server: no photo, no change.
    let status = blob_status(&http, &url, &boris, &photo)?;
    ensure!(status == StatusCode::FORBIDDEN, "blob: {status}");
    let status = blob_status(&http, &url, &ana, &photo)?;
    ensure!(status == StatusCode::OK, "Ana's blob: {status}");
    let mut raw = RawDevice::new(&boris);
    raw.sync(&http, &url)?;
    ensure!(
        raw.docs.contains_key(&response),
        "the reader reads the responses"
    );
    raw.docs
        .get_mut(&earlier)
        .context("the earlier audit")?
        .put(ROOT, "title", "Rewritten")?;
    let refused = raw.sync(&http, &url).expect_err("a reader's change");
    ensure!(refused.to_string().contains("403"), "{refused}");

    // The code was for one use: it is spent.
    let (status, _) = redeem(&http, &url, &boris, &reader_code)?;
    ensure!(
        status == StatusCode::OK,
        "redeeming again is harmless: {status}"
    );
    let carol = create_facilitator(&data, "Carol")?;
    let (status, body) = redeem(&http, &url, &carol, &reader_code)?;
    ensure!(status == StatusCode::UNAUTHORIZED, "{status}: {body}");

    // Ana runs the earlier audit: she cannot turn herself into its reader.
    let own_code = reader_invite(&http, &url, &ana, &earlier)?;
    let (status, body) = redeem(&http, &url, &ana, &own_code)?;
    ensure!(status == StatusCode::BAD_REQUEST, "{status}: {body}");

    // Ana may end Boris's reading; Boris stays a facilitator who creates audits.
    let listed: Vec<ParticipantStatus> = http
        .get(format!("{url}/v1/audits/{}/participants", earlier.as_str()))
        .bearer_auth(&ana)
        .send()?
        .json()?;
    let reader = listed
        .iter()
        .find(|p| p.role == Role::Reader)
        .context("the reader is listed to the audit's facilitators")?;
    ensure!(reader.display_name == "Boris", "{reader:?}");
    let revoked = http
        .post(format!("{url}/v1/tokens/revoke"))
        .bearer_auth(&ana)
        .json(&RevokeRequest {
            participant_id: reader.participant_id.clone(),
        })
        .send()?;
    ensure!(
        revoked.status().is_success(),
        "revoke: {}",
        revoked.status()
    );
    let status = blob_status(&http, &url, &boris, &photo)?;
    ensure!(status == StatusCode::FORBIDDEN, "blob: {status}");
    create_audit(&http, &url, &boris, "Sofia walk 2027")?;

    // His laptop, still holding 2025, keeps syncing his own audit and
    // hears nothing more of 2025.
    let later = AnswerInput {
        comment: Some("Written after the reading ended".into()),
        ..AnswerInput::score(5)?
    };
    phone.profile.answer(&response, "vision.2", &later)?;
    phone.sync()?;
    laptop
        .profile
        .set_report_text(&current, ReportText::CityContext, "Sofia, 2026")?;
    laptop.sync()?;
    let seen = laptop.profile.read_answer(&response, None, "vision.2")?;
    ensure!(
        seen.as_ref()
            .is_none_or(|a| a.value == AnswerValue::Unanswered),
        "a revoked reader still receives: {seen:?}"
    );
    let mut fresh = Phone::facilitator(&url, &boris, &current, &dir.path().join("fresh.sqlite"))?;
    fresh.sync()?;
    ensure!(
        fresh.profile.audit(&earlier).is_err(),
        "a new device of Boris gets 2025"
    );
    let text = fresh.profile.facilitator_records(&current)?.city_context;
    ensure!(text == "Sofia, 2026", "Boris's own audit synced: {text:?}");
    Ok(())
}

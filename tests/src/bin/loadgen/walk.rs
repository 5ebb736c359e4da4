//! `--walk-bytes`: wire bytes and round trips of a full walk push (every
//! whole-city statement, 10 stops with their 10 statements each, 20 photo
//! records) and of one edited score, with the core device client.

use anyhow::{Context, Result};
use reqwest::blocking::Client;

use cityaudit_core::model::{AnswerInput, StopVisitInput};
use cityaudit_core::sync::protocol::{CreateInviteRequest, Invite, Role};
use cityaudit_tests::device::Phone;
use cityaudit_tests::server::create_audit;

/// Runs the walk against `server` and prints the figures.
pub fn measure(server: &str, facilitator: &str) -> Result<()> {
    let http = Client::new();
    let audit = create_audit(&http, server, facilitator, "Wire bytes")?;
    let invite: Invite = http
        .post(format!("{server}/v1/audits/{audit}/invites"))
        .bearer_auth(facilitator)
        .json(&CreateInviteRequest {
            role: Role::Participant,
            expires_in_secs: 600,
            max_uses: 1,
        })
        .send()?
        .error_for_status()?
        .json()?;
    let dir = std::env::temp_dir().join(format!("cityaudit-walk-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut phone = Phone::join(server, &invite.code, "Walker", &dir.join("walk.sqlite"))?;
    let response = phone.response_id()?;
    let audit_data = phone.profile.audit(&audit)?.clone();
    let checklist = audit_data.checklist().context("checklist")?;
    let mut whole_city = 0;
    let mut per_stop = Vec::new();
    for section in &checklist.sections {
        for item in &section.items {
            if section.per_stop {
                per_stop.push(item.id.clone());
            } else {
                phone.profile.answer(
                    &response,
                    &item.id,
                    &AnswerInput::score(whole_city % 5 + 1)?,
                )?;
                whole_city += 1;
            }
        }
    }
    let mut stops = Vec::new();
    for s in 0..10 {
        let stop = phone.profile.visit_stop(
            &response,
            &StopVisitInput {
                planned_stop: None,
                name_of_area: format!("Area {s}"),
                specific_location: format!("Place {s}"),
                visited_at: 1_777_000_000_000 + s,
                utc_offset_min: 120,
                location: None,
            },
        )?;
        for (n, item) in per_stop.iter().enumerate() {
            let score = AnswerInput::score((n as i64 + s) % 5 + 1)?;
            phone
                .profile
                .answer_at_stop(&response, &stop, item, &score)?;
        }
        stops.push(stop);
    }
    for p in 0..20 {
        let bytes = format!("photo {p} of the walk").into_bytes();
        phone.add_photo(&bytes, &format!("Photo {p}"), Some(stops[p % 10].clone()))?;
    }
    let push = phone.client.sync_documents(&mut phone.profile)?;
    println!(
        "full walk push ({whole_city} whole-city answers, 10 stops x {} answers, 20 photo records): \
         {} round trips, {} bytes sent, {} bytes received",
        per_stop.len(),
        push.round_trips,
        push.bytes_sent,
        push.bytes_received
    );
    phone
        .profile
        .answer(&response, "vision.1", &AnswerInput::score(3)?)?;
    let edit = phone.client.sync_documents(&mut phone.profile)?;
    println!(
        "one edited score: {} round trips, {} bytes sent, {} bytes received",
        edit.round_trips, edit.bytes_sent, edit.bytes_received
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

//! Test helper: keeps saving scores to a profile and prints each
//! acknowledged save, so a parent can kill it at random moments and check
//! that every acknowledged save survived.
//!
//! Usage: `crash_writer setup DB` then `crash_writer write DB FIRST_SEQ`.

use anyhow::{bail, Context};
use cityaudit_core::model::{AnswerInput, NewAudit, NewParticipant, TemplateChoice};
use cityaudit_core::profile::Profile;
use std::io::Write;
use std::path::Path;

/// Whole-city items the writer cycles through.
pub const ITEMS: [&str; 8] = [
    "vision.1",
    "vision.2",
    "vision.3",
    "vision.4",
    "participation.1",
    "participation.2",
    "attitudes.1",
    "attitudes.2",
];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("setup") => setup(Path::new(args.get(2).context("DB path")?)),
        Some("write") => {
            let first: u64 = args.get(3).context("first seq")?.parse()?;
            write(Path::new(args.get(2).context("DB path")?), first)
        }
        _ => bail!("usage: crash_writer setup DB | write DB FIRST_SEQ"),
    }
}

fn setup(db: &Path) -> anyhow::Result<()> {
    let mut profile = Profile::open(db)?;
    let audit = profile.create_audit(&NewAudit {
        title: "Crash walk".into(),
        city: "Rubano".into(),
        starts_on: "2026-06-01".into(),
        ends_on: "2026-06-01".into(),
        meeting_point: "Library".into(),
        templates: TemplateChoice {
            checklist: true,
            photovoice: false,
            benchmark: false,
        },
    })?;
    profile.join(
        &audit,
        &NewParticipant {
            display_name: "Heron".into(),
            group: "mediators".into(),
            gender: None,
            accept_photo_terms: false,
            share_photo_locations: false,
        },
    )?;
    Ok(())
}

fn write(db: &Path, first: u64) -> anyhow::Result<()> {
    let mut profile = Profile::open(db)?;
    let response = profile
        .response_ids()
        .into_iter()
        .next()
        .context("no response")?;
    let mut out = std::io::stdout().lock();
    for seq in first.. {
        let item = ITEMS[(seq % ITEMS.len() as u64) as usize];
        let score = (seq % 5) as i64 + 1;
        let mut input = AnswerInput::score(score)?;
        input.comment = Some(format!("seq {seq}"));
        profile.answer(&response, item, &input)?;
        writeln!(out, "ack {seq} {item} {score}")?;
        out.flush()?;
    }
    Ok(())
}

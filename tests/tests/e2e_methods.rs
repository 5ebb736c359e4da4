//! Desk research and focus groups end to end in a real window: the built
//! app under Xvfb, driven through `tauri-driver` and WebKitWebDriver against
//! the real `cityaudit-sync` server. A facilitator records one policy
//! document (with a period that ends before it starts refused and the saved
//! one kept), one institution and one focus group (with a negative count
//! refused and the saved count kept), sees the focus group's balance, and
//! finds all of it in the exported report. Then creates a EUROCITIES
//! benchmark self-assessment from the Prepare form, assesses a key factor
//! and finds it in that audit's own report. Screenshots go to
//! `docs/screenshots/facilitator-desk-research.png`,
//! `facilitator-focus-groups.png`, `facilitator-benchmark.png` and
//! `facilitator-benchmark-factor.png`.
//!
//! Needs what `e2e_facilitator` needs; `scripts/test` provides it.
#![cfg(unix)]

use anyhow::{ensure, Context, Result};
use reqwest::blocking::Client;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cityaudit_tests::desktop::{workspace_binary, Driver, VirtualDisplay};
use cityaudit_tests::server::{admin, create_audit, create_facilitator, Server};
use cityaudit_tests::webdriver::{testid, Session};
use cityaudit_tests::window::{
    choose, fill_join_form, set_field, submit_join, tap_id, text_of, type_into,
};

/// Long enough for a debug build on a busy 2-core machine.
const LONG: Duration = Duration::from_secs(60);

fn screenshot(session: &Session, name: &str) -> Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/screenshots")
        .join(format!("{name}.png"));
    session
        .screenshot(&path)
        .with_context(|| format!("screenshot {name}"))
}

/// Types into a field and waits until it says it is saved.
fn enter(session: &Session, id: &str, text: &str) -> Result<()> {
    type_into(session, id, text)?;
    session
        .wait_for(&testid(&format!("{id}-saved")), LONG)
        .with_context(|| {
            let error =
                text_of(session, &format!("{id}-error"), Duration::ZERO).unwrap_or_default();
            format!("{id} is saved (error shown: {error:?})")
        })?;
    Ok(())
}

/// Taps a choice (radio or tick) and waits for the record to show it.
fn pick(session: &Session, id: &str) -> Result<()> {
    tap_id(session, id)?;
    session.wait_until(&format!("{id} is checked"), LONG, |s| {
        let checked = s.find(&testid(id))?.property("checked")?;
        Ok((checked == serde_json::Value::Bool(true)).then_some(()))
    })?;
    Ok(())
}

fn exported(dir: &Path, extension: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    ensure!(found.len() == 1, "one .{extension} export, got {found:?}");
    Ok(found[0].clone())
}

#[test]
fn e2e_desk_research_and_focus_groups_reach_the_report() -> Result<()> {
    let app = workspace_binary("cityaudit", "cityaudit-app")?;
    let temp = tempfile::tempdir()?;
    let app_data = temp.path().join("app");
    let exports = temp.path().join("exports");
    std::fs::create_dir_all(&app_data)?;

    let server = Server::start(&temp.path().join("server"))?;
    let lead = create_facilitator(&server.data, "Lead")?;
    let audit = create_audit(&Client::new(), &server.url, &lead, "Plovdiv 2026")?;
    let invite = admin(
        &server.data,
        &[
            "create-invite",
            "--audit",
            audit.as_str(),
            "--role",
            "facilitator",
            "--server-url",
            &server.url,
        ],
    )?;
    let link = invite
        .lines()
        .nth(1)
        .context("invite link line")?
        .to_owned();

    let display = VirtualDisplay::start()?;
    let driver = Driver::start(
        &display,
        &temp.path().join("web"),
        &[
            ("CITYAUDIT_DATA_DIR", &app_data),
            ("CITYAUDIT_EXPORT_DIR", &exports),
        ],
    )?;
    let session = Session::start(&driver.url, &app).context("launching the app")?;
    fill_join_form(&session, &link, "Lead", "local_government")?;
    submit_join(&session, "prepare-current", LONG)?;

    // Desk research: one document, field by field.
    tap_id(&session, "nav-desk")?;
    tap_id(&session, "desk-add-document")?;
    enter(&session, "doc-0-title", "Integration Strategy 2021-2027")?;
    choose(&session, "doc-0-type", "strategy")?;
    session.wait_for(&testid("doc-0-type-saved"), LONG)?;
    enter(&session, "doc-0-issuer", "Municipal Council")?;
    enter(&session, "doc-0-from", "2021")?;
    enter(&session, "doc-0-to", "2027")?;
    pick(&session, "doc-0-tcn-yes")?;
    pick(&session, "doc-0-sectors-education")?;
    pick(&session, "doc-0-q-funded-partly")?;
    enter(
        &session,
        "doc-0-q-funded-evidence",
        "Funding is secured for two of seven years.",
    )?;
    // A period that ends before it starts: refused, said, and the saved end kept.
    type_into(&session, "doc-0-to", "2019")?;
    let refused = text_of(&session, "doc-0-to-error", LONG)?;
    ensure!(
        refused.contains("2019") && refused.contains("before"),
        "the refusal says what is wrong: {refused:?}"
    );
    // Put the saved value back in the field (the record still holds 2027).
    enter(&session, "doc-0-to", "2027")?;

    tap_id(&session, "desk-add-institution")?;
    enter(&session, "inst-0-name", "Municipal Integration Centre")?;
    pick(&session, "inst-0-tcn-yes")?;
    enter(
        &session,
        "inst-0-capacity",
        "Two staff members for 9,000 residents.",
    )?;
    enter(
        &session,
        "desk-summary-weaknesses",
        "No monitoring of implementation.",
    )?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "facilitator-desk-research")?;

    // Focus groups: one session with its breakdown.
    tap_id(&session, "nav-focus")?;
    tap_id(&session, "focus-add")?;
    set_field(&session, "fg-0-date", "2026-04-10")?;
    session.wait_for(&testid("fg-0-date-saved"), LONG)?;
    enter(&session, "fg-0-location", "City library")?;
    enter(&session, "fg-0-moderator", "Mira")?;
    enter(&session, "fg-0-group-ngos", "3")?;
    enter(&session, "fg-0-group-local_police", "2")?;
    enter(&session, "fg-0-group-tcn_communities", "4")?;
    enter(&session, "fg-0-gender-women", "5")?;
    enter(&session, "fg-0-gender-men", "4")?;
    session.wait_until("the balance shows 9 people within 8-10", LONG, |s| {
        let size = s.find(&testid("fg-0-size"))?.text()?;
        Ok((size.contains('9') && size.contains("within")).then_some(size))
    })?;
    // A negative count: refused, said, and the saved 3 kept.
    type_into(&session, "fg-0-group-ngos", "-4")?;
    let refused = text_of(&session, "fg-0-group-ngos-error", LONG)?;
    ensure!(
        refused.contains("-4"),
        "the refusal names the value: {refused:?}"
    );
    enter(
        &session,
        "fg-0-theme-environment-ideas",
        "Light the station underpass.",
    )?;
    enter(&session, "fg-0-answer-most_interest", "Safety at night.")?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(&session, "facilitator-focus-groups")?;

    tap_id(&session, "nav-report")?;
    tap_id(&session, "export-html")?;
    session
        .wait_for(&testid("export-result-html"), LONG)
        .context("the HTML export is reported")?;

    benchmark_self_assessment(&session)?;
    session.quit()?;

    let html = std::fs::read_to_string(exported(&exports, "html")?)?;
    for expected in [
        "Integration Strategy 2021-2027",
        "Municipal Council",
        "2021 – 2027",
        "Funding is secured for two of seven years.",
        "Municipal Integration Centre",
        "Two staff members for 9,000 residents.",
        "No monitoring of implementation.",
        "1 focus groups were held with 9 participants",
        "City library",
        "Light the station underpass.",
        "Safety at night.",
    ] {
        ensure!(html.contains(expected), "the report holds {expected:?}");
    }
    // The saved count (3), not the refused one.
    ensure!(
        html.contains("<td>NGOs</td><td>3</td>"),
        "3 NGO participants in the breakdown"
    );

    let md = std::fs::read_to_string(exported(&exports, "md")?)?;
    for expected in [
        "Self-assessment against the EUROCITIES benchmark",
        "## Integrating Cities standard",
        "1 of 11 key factors assessed.",
        "### 1. Defining the neighbourhood",
        "### 11. ",
        "Assessment: Partly met",
        "District borders follow the 1990s wards.",
        "No neighbourhood data since 2019.",
        "Halfway: borders and resources are the gaps.",
        "cityaudit's scale",
    ] {
        ensure!(
            md.contains(expected),
            "the benchmark report holds {expected:?}"
        );
    }
    ensure!(
        !md.contains("City Tours and Checklists"),
        "the benchmark report is not the walk report"
    );
    drop(server);
    Ok(())
}

/// Creates a EUROCITIES benchmark self-assessment from the Prepare form,
/// assesses a key factor, notes a context factor and the summary, and
/// exports its report as Markdown.
fn benchmark_self_assessment(session: &Session) -> Result<()> {
    tap_id(session, "nav-prepare")?;
    tap_id(session, "prepare-new")?;
    type_into(session, "prepare-title", "Plovdiv neighbourhoods 2026")?;
    type_into(session, "prepare-city", "Plovdiv")?;
    set_field(session, "prepare-starts", "2026-09-01")?;
    set_field(session, "prepare-ends", "2026-09-30")?;
    tap_id(session, "prepare-templates-benchmark")?;
    ensure!(
        session.find_all(&testid("prepare-stop-add"))?.is_empty(),
        "a benchmark has no walk stops to plan"
    );
    tap_id(session, "prepare-submit")?;
    session
        .wait_for(&testid("prepare-created"), LONG)
        .context("the benchmark audit is created")?;
    ensure!(
        session.find_all(&testid("nav-desk"))?.is_empty(),
        "a benchmark shows its own screens only"
    );
    tap_id(session, "nav-benchmark")?;
    pick(session, "benchmark-kf1-assessment-partly_met")?;
    enter(
        session,
        "benchmark-kf1-evidence",
        "District borders follow the 1990s wards.",
    )?;
    enter(
        session,
        "benchmark-context-data_availability",
        "No neighbourhood data since 2019.",
    )?;
    enter(
        session,
        "benchmark-summary",
        "Halfway: borders and resources are the gaps.",
    )?;
    session.wait_until("1 of 11 assessed", LONG, |s| {
        let assessed = s.find(&testid("benchmark-assessed"))?.text()?;
        Ok(assessed.starts_with('1').then_some(assessed))
    })?;
    session.execute("window.scrollTo(0, 0)", vec![])?;
    screenshot(session, "facilitator-benchmark")?;
    session.execute(
        "document.querySelector('[data-testid=\"benchmark-kf1\"]').scrollIntoView()",
        vec![],
    )?;
    screenshot(session, "facilitator-benchmark-factor")?;
    tap_id(session, "nav-report")?;
    tap_id(session, "export-md")?;
    session
        .wait_for(&testid("export-result-md"), LONG)
        .context("the Markdown export is reported")?;
    Ok(())
}

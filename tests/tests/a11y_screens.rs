//! Accessibility of every screen, checked rather than hoped for: axe-core's
//! WCAG 2.0, 2.1 and 2.2 A and AA rules on every screen of both roles, in
//! English and in Arabic (right to left), in headless Chromium. The
//! participant's screens run on a phone's screen and must also have no touch
//! target under 44 px; maps and charts must carry their text alternatives
//! (a name and the list of places; a name and a table of the figures).
//!
//! The screens come from the UI's `vite` dev server with its stand-in
//! backend (`ui/src/dev/mockBackend.ts`, the fixtures core writes): every
//! screen renders there with demo data, without building the WebAssembly
//! core or the desktop app, so the whole round takes well under a minute.
//! The same components run in the real apps; `e2e_web_keyboard.rs` walks
//! the browser app against the real server with the keyboard alone.
//!
//! Needs `ui/node_modules` (npm ci), Chromium and chromedriver; scripts/test
//! provides all of them. Every violation is printed (rule, element, help).
#![cfg(target_os = "linux")]

use anyhow::{ensure, Context, Result};
use serde_json::json;
use std::time::{Duration, Instant};

use cityaudit_tests::accessibility::{axe, missing_alternatives, small_targets, DevServer};
use cityaudit_tests::browser::ChromeDriver;
use cityaudit_tests::webdriver::{testid, Session};
use cityaudit_tests::window::SHORT;

/// The languages checked: left to right and right to left.
const LANGUAGES: [&str; 2] = ["en", "ar"];

/// A screen: its name, the dev backend's options, the route, and what to do
/// on it before checking (open a form).
struct Screen {
    name: &'static str,
    query: &'static str,
    route: &'static str,
    then: Option<fn(&Session) -> Result<()>>,
}

const fn screen(name: &'static str, query: &'static str, route: &'static str) -> Screen {
    Screen {
        name,
        query,
        route,
        then: None,
    }
}

fn participant_screens() -> Vec<Screen> {
    vec![
        screen("join", "", ""),
        screen("checklist", "joined&demo", "checklist"),
        screen("stops", "joined&demo", "stops"),
        Screen {
            then: Some(open_stop_form),
            ..screen("stop form", "joined&demo&gps", "stops")
        },
        screen("photos", "joined&demo", "photos"),
        Screen {
            then: Some(open_photo_form),
            ..screen("photo form", "joined&demo", "photos")
        },
        screen("map", "joined&demo&basemap", "map"),
        screen("settings", "joined&demo", "settings"),
    ]
}

fn facilitator_screens() -> Vec<Screen> {
    let walk = "facilitator&demo&basemap";
    vec![
        screen("prepare + invite", walk, "prepare"),
        Screen {
            then: Some(open_template_editor),
            ..screen("template editor", walk, "prepare")
        },
        screen("desk research", walk, "desk"),
        screen("focus groups", walk, "focus"),
        screen("progress", walk, "progress"),
        screen("results", walk, "results"),
        screen("consensus", walk, "consensus"),
        screen("review", walk, "review"),
        screen("map", walk, "map"),
        screen("report", walk, "report"),
        screen("settings", walk, "settings"),
        screen("benchmark", "facilitator&demo&benchmark", "benchmark"),
    ]
}

/// Opens the new audit's template: an edited workbook imported (the stand-in
/// answers with core's preview of a city's adapted set), then the editor.
fn open_template_editor(session: &Session) -> Result<()> {
    session.wait_for(&testid("prepare-new"), SHORT)?.click()?;
    session.wait_for(&testid("template-import"), SHORT)?;
    let picked = session.execute(
        "const input = document.querySelector('[data-testid=template-import]');\
         const files = new DataTransfer();\
         files.items.add(new File([new Uint8Array([80, 75, 3, 4])], 'sofia-template.xlsx'));\
         input.files = files.files;\
         input.dispatchEvent(new Event('change', { bubbles: true }));\
         return true;",
        vec![],
    )?;
    ensure!(picked == json!(true), "the template file was not picked");
    session.wait_for(&testid("template-changes"), SHORT)?;
    session.wait_for(&testid("template-edit"), SHORT)?.click()?;
    session.wait_for(&testid("template-editor"), SHORT)?;
    session.execute(
        "document.querySelector('[data-testid=template-editor]').scrollIntoView();\
         window.scrollBy(0, -560);",
        vec![],
    )?;
    Ok(())
}

fn open_stop_form(session: &Session) -> Result<()> {
    session.wait_for(&testid("stop-add"), SHORT)?.click()?;
    session.wait_for("form", SHORT)?;
    Ok(())
}

/// Picks a photo (a small JPEG drawn on a canvas) as the file input would.
fn open_photo_form(session: &Session) -> Result<()> {
    session.wait_for(&testid("photo-file"), SHORT)?;
    let picked = session.execute_async(
        "const done = arguments[arguments.length - 1];\
         const canvas = document.createElement('canvas');\
         canvas.width = 40; canvas.height = 30;\
         canvas.toBlob((blob) => {\
           const input = document.querySelector('[data-testid=photo-file]');\
           const files = new DataTransfer();\
           files.items.add(new File([blob], 'walk.jpg', { type: 'image/jpeg' }));\
           input.files = files.files;\
           input.dispatchEvent(new Event('change', { bubbles: true }));\
           done(true);\
         }, 'image/jpeg');",
        vec![],
    )?;
    ensure!(picked == json!(true), "the photo was not picked");
    session.wait_for("form img, form [data-testid$=preview]", SHORT)?;
    Ok(())
}

/// Opens a screen and waits until it has settled: its heading shown,
/// nothing loading, a map drawn.
fn open(session: &Session, url: &str, screen: &Screen) -> Result<()> {
    session.navigate(url)?;
    session.wait_for("main h1, h1", SHORT)?;
    if let Some(then) = screen.then {
        then(session)?;
    }
    session
        .wait_until("the screen has loaded", SHORT, |s| {
            let settled = s.execute(
                "return document.querySelector('.loading, [aria-busy=true]') === null &&\
                 [...document.querySelectorAll('[data-testid=map-canvas]')]\
                   .every((m) => m.dataset.status === 'ready');",
                vec![],
            )?;
            Ok((settled == json!(true)).then_some(()))
        })
        .with_context(|| format!("{url} did not settle"))?;
    // The stand-in answers after 150 ms; a last render may follow.
    std::thread::sleep(Duration::from_millis(300));
    Ok(())
}

#[derive(Default)]
struct Tally {
    lines: Vec<String>,
    failures: Vec<String>,
}

impl Tally {
    fn check(
        &mut self,
        session: &Session,
        role: &str,
        lang: &str,
        screen: &Screen,
        phone: bool,
    ) -> Result<()> {
        let name = format!("{role} {} ({lang})", screen.name);
        let report = axe(session).with_context(|| name.clone())?;
        let alternatives = missing_alternatives(session)?;
        let small = if phone {
            small_targets(session)?
        } else {
            Vec::new()
        };
        self.lines.push(format!(
            "{name:<40} axe violations {:>2}{}  small targets {:>2}  missing alternatives {}",
            report.count(),
            if report.excepted > 0 {
                format!(" (map marks excepted: {})", report.excepted)
            } else {
                String::new()
            },
            small.len(),
            alternatives.len()
        ));
        if report.count() > 0 {
            self.failures
                .push(format!("{name}: axe-core\n{}", report.describe()));
        }
        if !small.is_empty() {
            self.failures.push(format!(
                "{name}: targets under 44 px\n    {}",
                small.join("\n    ")
            ));
        }
        if !alternatives.is_empty() {
            self.failures.push(format!(
                "{name}: text alternatives\n    {}",
                alternatives.join("\n    ")
            ));
        }
        Ok(())
    }
}

#[test]
fn a11y_every_screen_of_both_roles_in_en_and_ar_passes_wcag_22_aa() -> Result<()> {
    let started = Instant::now();
    let ui = DevServer::start()?;
    let driver = ChromeDriver::start()?;
    let mut tally = Tally::default();

    let profile = tempfile::tempdir()?;
    let phone = driver.phone(&profile.path().join("phone"), &ui.url)?;
    for lang in LANGUAGES {
        for screen in participant_screens() {
            let url = format!("{}/?lang={lang}&{}#/{}", ui.url, screen.query, screen.route);
            open(&phone, &url, &screen)?;
            tally.check(&phone, "participant", lang, &screen, true)?;
        }
    }
    phone.quit()?;

    let laptop = driver.laptop(1280, 800)?;
    for lang in LANGUAGES {
        for screen in facilitator_screens() {
            let url = format!("{}/?lang={lang}&{}#/{}", ui.url, screen.query, screen.route);
            open(&laptop, &url, &screen)?;
            tally.check(&laptop, "facilitator", lang, &screen, false)?;
            if screen.name == "template editor" && lang == "en" {
                let path = cityaudit_tests::browser::repo_root()
                    .join("docs/screenshots/template-editor.png");
                laptop
                    .screenshot(&path)
                    .context("template editor screenshot")?;
            }
        }
    }
    laptop.quit()?;

    println!("{}", tally.lines.join("\n"));
    println!(
        "checked {} screens in {:.1?}",
        tally.lines.len(),
        started.elapsed()
    );
    ensure!(
        tally.failures.is_empty(),
        "accessibility problems:\n{}",
        tally.failures.join("\n")
    );
    Ok(())
}

//! The report's catalogues match English key for key and placeholder for
//! placeholder; the report is written in the chosen language with that
//! language's numbers, while what people wrote stays as they wrote it.

use super::*;
use crate::analysis::analyse;
use crate::model::ReportText;
use crate::report::{blocks, headings, html, markdown, Block};
use crate::snapshot::ExportInput;
use crate::testdata::{fixture, Fixture};

/// A comment a participant wrote in the fixture (on `vision.3`).
const COMMENT: &str = "No strategy, found online";
/// The city's own text, with digits, markup and braces that must survive.
const CITY_CONTEXT: &str = "Sofia has 1.2 million people; 3% are <foreign> {n} citizens.";

fn catalogue(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let json = CATALOGUES
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(_, json)| *json)
        .unwrap_or_else(|| panic!("{lang} has a catalogue"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{lang}: {e}"))
}

#[test]
fn every_catalogue_has_exactly_the_english_keys_and_placeholders() {
    let english = catalogue("en");
    for lang in languages() {
        let own = catalogue(lang);
        let keys =
            |c: &serde_json::Map<String, serde_json::Value>| c.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&own), keys(&english), "{lang}: keys");
        for (key, text) in &english {
            let Some(text) = text.as_str() else { continue };
            let translated = own[key]
                .as_str()
                .unwrap_or_else(|| panic!("{lang} {key} is text"));
            assert!(!translated.trim().is_empty(), "{lang} {key} is empty");
            assert_eq!(
                placeholders(translated),
                placeholders(text),
                "{lang} {key}: placeholders"
            );
        }
    }
}

/// The UI words what core sends as a key (`Phrase`, `Comment::anonymous`)
/// from its own catalogues: the same keys, with the same placeholders.
#[test]
fn the_uis_catalogues_word_cores_phrases_with_the_same_placeholders() {
    let ui_catalogues = [
        ("en", include_str!("../../../ui/src/i18n/en.json")),
        ("bg", include_str!("../../../ui/src/i18n/bg.json")),
        ("ar", include_str!("../../../ui/src/i18n/ar.json")),
        ("cs", include_str!("../../../ui/src/i18n/cs.json")),
        ("sk", include_str!("../../../ui/src/i18n/sk.json")),
        ("hr", include_str!("../../../ui/src/i18n/hr.json")),
        ("it", include_str!("../../../ui/src/i18n/it.json")),
        ("uk", include_str!("../../../ui/src/i18n/uk.json")),
    ];
    let report = catalogue("en");
    let mut shared: Vec<(String, String)> = report
        .keys()
        .filter(|k| k.starts_with("reason."))
        .map(|k| (k.clone(), k.clone()))
        .collect();
    assert!(shared.len() > 10, "{shared:?}");
    shared.push((
        "participant.anonymous".into(),
        "comments.participant".into(),
    ));
    // The flag rule's thresholds are worded by both with the same names.
    shared.push(("tours.flagRuleWords".into(), "results.flagRuleWords".into()));
    for (lang, json) in ui_catalogues {
        let ui: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{lang}: {e}"));
        let own = catalogue(lang);
        for (report_key, ui_key) in &shared {
            let ui_text = ui
                .get(ui_key)
                .and_then(|t| t.as_str())
                .unwrap_or_else(|| panic!("{lang}: the UI has {ui_key}"));
            let report_text = own[report_key].as_str().expect("text");
            assert_eq!(
                placeholders(ui_text),
                placeholders(report_text),
                "{lang} {ui_key}"
            );
        }
        // A found value core sends as a phrase only the UI words.
        for (ui_key, expected) in [
            ("found.score", vec!["value"]),
            ("found.dontKnow", vec![]),
            ("found.nothing", vec![]),
        ] {
            let ui_text = ui
                .get(ui_key)
                .and_then(|t| t.as_str())
                .unwrap_or_else(|| panic!("{lang}: the UI has {ui_key}"));
            assert_eq!(placeholders(ui_text), expected, "{lang} {ui_key}");
        }
    }
}

#[test]
fn english_is_reviewed_and_every_draft_says_it_is_not() {
    for lang in languages() {
        let words = Words::new(lang).expect("a report language");
        assert_eq!(words.reviewed(), lang == "en", "{lang}");
        assert_eq!(catalogue(lang)[REVIEWED_KEY].as_bool(), Some(lang == "en"));
    }
}

#[test]
fn the_report_languages_are_the_uis() {
    let registry: serde_json::Value =
        serde_json::from_str(include_str!("../../../ui/src/i18n/languages.json"))
            .expect("the UI's language registry is JSON");
    let ui: Vec<&str> = registry
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|l| l["code"].as_str())
        .collect();
    assert_eq!(languages().collect::<Vec<_>>(), ui);
}

#[test]
fn an_unknown_language_is_refused_by_name() {
    assert_eq!(
        Words::new("fr").err(),
        Some(WordsError::UnknownLanguage("fr".into()))
    );
    assert_eq!(Words::or_english("fr").lang(), "en");
}

#[test]
fn numbers_are_written_as_each_language_writes_them() {
    let en = Words::english();
    let cs = Words::new("cs").expect("cs");
    let ar = Words::new("ar").expect("ar");
    assert_eq!(en.num(Some(3.5)), "3.50");
    assert_eq!(cs.num(Some(3.5)), "3,50");
    assert_eq!(ar.num(Some(3.5)), "٣٫٥٠");
    assert_eq!(en.change(Some(-0.25)), "-0.25");
    assert_eq!(cs.change(Some(0.4)), "+0,40");
    assert_eq!(ar.change(Some(0.4)), "\u{61c}+٠٫٤٠");
    assert_eq!(ar.count(120usize), "١٢٠");
    assert_eq!(cs.num(None), "–");
    for lang in ["bg", "sk", "hr", "it", "uk"] {
        assert_eq!(Words::new(lang).expect(lang).num(Some(2.25)), "2,25");
    }
}

#[test]
fn placeholders_are_filled_and_values_are_inserted_as_given() {
    let words = Words::english();
    assert_eq!(
        words.f("tours.areaMean", &[("mean", "3.00")]),
        "Area mean: 3.00."
    );
    // A value that looks like a placeholder is a participant's text, not a template.
    assert_eq!(
        fill("{a} and {b}", &[("a", "{b}"), ("b", "x")]),
        "{b} and x"
    );
    assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
    assert_eq!(fill("open { brace", &[]), "open { brace");
}

#[test]
fn the_english_flag_rule_is_the_analysis_rule() {
    assert_eq!(
        super::super::flag_rule(&Words::english()),
        "range ≥ 3 or SD ≥ 1.25 (n ≥ 2)"
    );
}

/// The fixture with a quoted comment and the city's own text.
fn audit() -> Fixture {
    let mut f = fixture();
    f.audit
        .quote_comment("pa/city/vision.3", true)
        .expect("quote");
    f.audit
        .set_report_text(ReportText::CityContext, CITY_CONTEXT)
        .expect("city context");
    f
}

/// Renders the report of `f` in `lang`: HTML, Markdown and the blocks.
fn report(f: &Fixture, lang: &str) -> (String, String, Vec<Block>) {
    let audit = f.audit_data();
    let responses = f.response_data();
    let blobs = |_: &str| None;
    let input = ExportInput {
        audit_id: "audit",
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &blobs,
        lang,
    };
    (html(&input), markdown(&input), blocks(&input, false))
}

fn has_latin_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

#[test]
fn the_czech_report_has_czech_headings_a_decimal_comma_and_a_draft_note() {
    let f = audit();
    let (html, md, _) = report(&f, "cs");
    let cs = Words::new("cs").expect("cs");
    for key in headings::ALL {
        assert!(md.contains(&format!(" {}\n", cs.t(key))), "{key}");
    }
    assert!(md.contains("## Shrnutí\n"), "a Czech heading, as written");
    let results = analyse(&f.audit_data(), &f.response_data(), None);
    let mean = results.sections[0].mean.expect("a scored area");
    let comma = format!("{mean:.2}").replace('.', ",");
    assert!(md.contains(&format!("Průměr oblasti: {comma}.")), "{comma}");
    assert!(html.contains("<html lang=\"cs\" dir=\"ltr\">"));
    assert!(html.contains(&format!(
        "<p class=\"draft-note\" role=\"note\">{}</p>",
        cs.t("note.machineDrafted")
    )));
    assert!(md.contains("Strojově připravený překlad"));
}

#[test]
fn an_anonymised_author_is_a_participant_in_the_reports_language() {
    let f = audit();
    let (_, cs, _) = report(&f, "cs");
    assert!(
        cs.contains(&format!("vision.3: „{COMMENT}“ (Účastník 1)")),
        "{cs}"
    );
    assert!(!cs.contains("Participant 1"));
    let (_, ar, _) = report(&f, "ar");
    assert!(ar.contains("(المشارك ١)"), "Arabic words and digits");
    let (_, en, _) = report(&f, "en");
    assert!(en.contains(&format!("vision.3: “{COMMENT}” (Participant 1)")));
}

#[test]
fn the_english_report_has_no_draft_note() {
    let (html, md, _) = report(&audit(), "en");
    assert!(!html.contains("class=\"draft-note\""));
    assert!(!md.contains("Machine-drafted"));
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
}

#[test]
fn the_arabic_report_is_right_to_left_with_arabic_headings_and_digits() {
    let f = audit();
    let (html, md, blocks) = report(&f, "ar");
    let ar = Words::new("ar").expect("ar");
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(md.contains("## الملخص التنفيذي\n"));
    for key in headings::ALL {
        assert!(html.contains(&format!(">{}</h", ar.t(key))), "{key}");
    }
    // Every figure the report formats: the statistics tables (the
    // statement column holds ids and template text, not figures), the
    // summary and the area means.
    let statement = ar.t("table.statement");
    let mut tables = 0;
    for block in &blocks {
        match block {
            Block::Table(head, rows) if head[0] == statement => {
                tables += 1;
                for cell in rows.iter().flat_map(|r| &r[1..7]) {
                    assert!(!has_latin_digit(cell), "{cell:?}");
                }
            }
            Block::Table(head, rows) if head[0] == ar.t("table.area") => {
                // The summary's table names the statements in columns 2 and 3;
                // the table by group holds figures only.
                let figures: &[usize] = if head.len() == 5 { &[1, 4] } else { &[1, 2, 3] };
                for row in rows {
                    for k in figures.iter().filter(|k| **k < row.len()) {
                        assert!(!has_latin_digit(&row[*k]), "{row:?}");
                    }
                }
            }
            _ => {}
        }
    }
    assert!(tables > 0, "the statement tables were checked");
    let summary = md
        .split("\n\n")
        .find(|p| p.contains("قائمة التحقق من"))
        .expect("the summary sentence");
    assert!(!has_latin_digit(summary), "{summary}");
    assert!(summary.contains('٥'), "{summary}");
    let area_means: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("متوسط المجال"))
        .collect();
    assert!(!area_means.is_empty());
    assert!(
        area_means.iter().all(|l| !has_latin_digit(l)),
        "{area_means:?}"
    );
    // The map's legend is in Arabic.
    assert!(!html.contains(">Planned stop<"));
}

#[test]
fn a_participants_comment_and_the_citys_text_are_quoted_as_written_in_every_language() {
    let f = audit();
    for lang in languages() {
        let (html, md, _) = report(&f, lang);
        assert!(md.contains(COMMENT), "{lang}: comment in Markdown");
        assert!(html.contains(COMMENT), "{lang}: comment in HTML");
        assert!(md.contains(CITY_CONTEXT), "{lang}: city text in Markdown");
        assert!(
            html.contains(&Block::esc_text(CITY_CONTEXT)),
            "{lang}: city text in HTML"
        );
    }
}

#[test]
fn an_export_in_an_unknown_language_is_refused_before_writing() {
    let f = audit();
    let audit = f.audit_data();
    let responses = f.response_data();
    let blobs = |_: &str| None;
    let input = ExportInput {
        audit_id: "audit",
        audit: &audit,
        responses: &responses,
        earlier: None,
        blobs: &blobs,
        lang: "xx",
    };
    let mut out = Vec::new();
    let result = crate::export::export(crate::export::ExportFormat::Html, &input, &mut out);
    assert!(matches!(
        result,
        Err(crate::export::ExportError::UnknownLanguage(WordsError::UnknownLanguage(ref l))) if l == "xx"
    ));
    assert!(out.is_empty());
}

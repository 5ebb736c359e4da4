//! The built-in templates in every language of the app: each text has a
//! translation in every language of the UI's registry, each template marks
//! the review state of each translation, and snapshots made before the
//! markers existed still load.

use super::{BenchmarkTemplate, ChecklistTemplate, MethodsTemplate, PhotovoiceTemplate, Templates};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use serde_json::Value;

/// The languages the app offers (`ui/src/i18n/languages.json`), English first.
fn languages() -> Vec<String> {
    let registry: Value = serde_json::from_str(include_str!("../../../ui/src/i18n/languages.json"))
        .expect("the UI's language registry is JSON");
    let codes: Vec<String> = registry
        .as_array()
        .expect("the registry is a list")
        .iter()
        .map(|l| l["code"].as_str().expect("a code").to_owned())
        .collect();
    // Issue #17's languages: a registry that lost one would let the tests
    // below pass without checking it.
    for code in ["en", "bg", "ar", "cs", "sk", "hr", "it", "uk"] {
        assert!(
            codes.iter().any(|c| c == code),
            "{code} not in the registry"
        );
    }
    assert_eq!(codes[0], "en", "English, the source, comes first");
    codes
}

fn templates() -> Templates {
    Templates::builtin().expect("built-in templates parse")
}

/// Each built-in template file as the app parsed it, by file name.
fn template_values(t: &Templates) -> Vec<(&'static str, Value)> {
    let json = |v: Result<Value, serde_json::Error>| v.expect("templates serialize");
    vec![
        (
            "integra_checklist.json",
            json(serde_json::to_value(&t.checklist)),
        ),
        (
            "integra_photovoice.json",
            json(serde_json::to_value(&t.photovoice)),
        ),
        (
            "participant_groups.json",
            json(serde_json::to_value(&t.groups)),
        ),
        (
            "eurocities_benchmark.json",
            json(serde_json::to_value(&t.benchmark)),
        ),
        ("audit_methods.json", json(serde_json::to_value(&t.methods))),
    ]
}

/// Every translatable text (`{en, tr}`) in `value`, with a readable path:
/// list entries are named by their `id` when they have one.
fn texts<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) if map.get("en").is_some_and(Value::is_string) => {
            out.push((path, value));
        }
        Value::Object(map) => {
            for (key, v) in map {
                if key != "translations" {
                    texts(v, format!("{path}/{key}"), out);
                }
            }
        }
        Value::Array(list) => {
            for (n, v) in list.iter().enumerate() {
                let name = v["id"].as_str().map_or(n.to_string(), str::to_owned);
                texts(v, format!("{path}[{name}]"), out);
            }
        }
        _ => {}
    }
}

/// `"<file> <path> <language>"` for every text of `value` lacking one of
/// `languages` (English included) or having it blank; also the number of texts.
fn missing_translations(file: &str, value: &Value, languages: &[String]) -> (Vec<String>, usize) {
    let mut found = Vec::new();
    texts(value, String::new(), &mut found);
    let mut missing = Vec::new();
    for (path, text) in &found {
        for lang in languages {
            let s = if lang == "en" {
                &text["en"]
            } else {
                &text["tr"][lang.as_str()]
            };
            if s.as_str().is_none_or(|s| s.trim().is_empty()) {
                missing.push(format!("{file} {path} {lang}"));
            }
        }
    }
    (missing, found.len())
}

#[test]
fn every_builtin_text_has_every_language_of_the_app() {
    let languages = languages();
    let t = templates();
    let mut missing = Vec::new();
    let mut counts = Vec::new();
    for (file, value) in template_values(&t) {
        let (m, count) = missing_translations(file, &value, &languages);
        missing.extend(m);
        counts.push((file, count));
    }
    assert!(
        missing.is_empty(),
        "missing or empty translations:\n{}",
        missing.join("\n")
    );
    assert_eq!(
        counts,
        [
            ("integra_checklist.json", 39),
            ("integra_photovoice.json", 10),
            ("participant_groups.json", 8),
            ("eurocities_benchmark.json", 89),
            ("audit_methods.json", 73),
        ],
        "texts per template"
    );
}

#[test]
fn a_missing_or_blank_translation_is_named_by_template_path_and_language() {
    let languages = languages();
    let mut checklist = serde_json::to_value(templates().checklist).expect("serialize");
    checklist["sections"][0]["items"][1]["text"]["tr"]["uk"] = Value::String("  ".into());
    let tr = checklist["sections"][3]["title"]["tr"]
        .as_object_mut()
        .expect("tr");
    tr.remove("hr");
    let (missing, _) = missing_translations("integra_checklist.json", &checklist, &languages);
    assert_eq!(
        missing,
        [
            "integra_checklist.json /sections[vision]/items[vision.2]/text uk",
            "integra_checklist.json /sections[attitudes]/title hr",
        ]
    );
}

#[test]
fn review_markers_list_exactly_the_languages_other_than_english() {
    let expected: Vec<String> = languages().into_iter().skip(1).collect();
    let t = templates();
    let markers = [
        ("integra_checklist.json", &t.checklist.translations),
        ("integra_photovoice.json", &t.photovoice.translations),
        ("participant_groups.json", &t.groups_translations),
        ("eurocities_benchmark.json", &t.benchmark.translations),
        ("audit_methods.json", &t.methods.translations),
    ];
    for (file, translations) in markers {
        let mut listed: Vec<&String> = translations.keys().collect();
        let mut wanted: Vec<&String> = expected.iter().collect();
        listed.sort();
        wanted.sort();
        assert_eq!(listed, wanted, "review markers of {file}");
    }
}

#[test]
fn ukrainian_gets_ukrainian_statements_and_an_unknown_language_english() {
    let checklist = templates().checklist;
    let statement = &checklist.sections[0].items[0].text;
    let uk = statement.get("uk");
    assert_ne!(uk, statement.en);
    assert!(uk.starts_with("Місто має стратегію"), "{uk}");
    assert_eq!(
        checklist.sections[2].title.get("uk"),
        "Міське середовище та безпека"
    );
    assert_eq!(checklist.scale.dont_know_label.get("uk"), "не знаю");
    let benchmark = templates().benchmark;
    assert_eq!(
        benchmark.key_factors[0].title.get("uk"),
        "Визначення району"
    );
    assert_eq!(
        benchmark.key_factors[0].title.get("xx"),
        "Defining the neighbourhood"
    );
    assert_eq!(statement.get("xx"), statement.en);
    assert_eq!(statement.get(""), statement.en);

    // A blank translation is no translation.
    let mut blank = statement.clone();
    blank.tr.insert("uk".into(), " ".into());
    assert_eq!(blank.get("uk"), statement.en);
}

#[test]
fn a_template_file_without_review_markers_still_parses() {
    let t = templates();
    fn without_markers<T: serde::Serialize>(template: &T) -> String {
        let mut value = serde_json::to_value(template).expect("serialize");
        value
            .as_object_mut()
            .and_then(|m| m.remove("translations"))
            .expect("the built-in template has markers");
        value.to_string()
    }
    let checklist: ChecklistTemplate =
        serde_json::from_str(&without_markers(&t.checklist)).expect("checklist");
    assert!(checklist.translations.is_empty());
    assert_eq!(checklist.sections, t.checklist.sections);
    let photovoice: PhotovoiceTemplate =
        serde_json::from_str(&without_markers(&t.photovoice)).expect("photovoice");
    assert!(photovoice.translations.is_empty());
    let benchmark: BenchmarkTemplate =
        serde_json::from_str(&without_markers(&t.benchmark)).expect("benchmark");
    assert!(benchmark.translations.is_empty());
    let methods: MethodsTemplate =
        serde_json::from_str(&without_markers(&t.methods)).expect("methods");
    assert!(methods.translations.is_empty());
}

#[test]
fn a_document_snapshot_without_review_markers_still_hydrates() {
    let t = templates();
    let mut doc = AutoCommit::new();
    autosurgeon::reconcile_prop(&mut doc, ROOT, "checklist", &t.checklist).expect("checklist");
    autosurgeon::reconcile_prop(&mut doc, ROOT, "photovoice", &t.photovoice).expect("photovoice");
    autosurgeon::reconcile_prop(&mut doc, ROOT, "benchmark", &t.benchmark).expect("benchmark");

    // The markers travel with a snapshot written now.
    let checklist: ChecklistTemplate =
        autosurgeon::hydrate_prop(&doc, ROOT, "checklist").expect("hydrate");
    assert_eq!(checklist, t.checklist);

    // A snapshot written before the markers existed (or by a client that
    // does not know them) has no `translations` key.
    for key in ["checklist", "photovoice", "benchmark"] {
        let (_, obj) = doc.get(ROOT, key).expect("read").expect("snapshot");
        doc.delete(&obj, "translations").expect("delete");
    }
    let checklist: ChecklistTemplate =
        autosurgeon::hydrate_prop(&doc, ROOT, "checklist").expect("old checklist");
    assert!(checklist.translations.is_empty());
    assert_eq!(checklist.sections, t.checklist.sections);
    let photovoice: PhotovoiceTemplate =
        autosurgeon::hydrate_prop(&doc, ROOT, "photovoice").expect("old photovoice");
    assert!(photovoice.translations.is_empty());
    assert_eq!(photovoice.themes, t.photovoice.themes);
    let benchmark: BenchmarkTemplate =
        autosurgeon::hydrate_prop(&doc, ROOT, "benchmark").expect("old benchmark");
    assert!(benchmark.translations.is_empty());
    assert_eq!(benchmark.key_factors, t.benchmark.key_factors);
}

#[test]
fn an_audit_with_every_template_in_every_language_fits_one_sync_request() {
    use crate::sync::budget::{measure_message, MESSAGE_LIMITS};
    let t = templates();
    let mut doc = AutoCommit::new();
    autosurgeon::reconcile_prop(&mut doc, ROOT, "checklist", &t.checklist).expect("checklist");
    autosurgeon::reconcile_prop(&mut doc, ROOT, "photovoice", &t.photovoice).expect("photovoice");
    autosurgeon::reconcile_prop(&mut doc, ROOT, "groups", &t.groups).expect("groups");
    autosurgeon::reconcile_prop(&mut doc, ROOT, "benchmark", &t.benchmark).expect("benchmark");
    doc.commit();
    let changes: Vec<Vec<u8>> = doc
        .get_changes(&[])
        .iter()
        .map(|c| c.raw_bytes().to_vec())
        .collect();
    let cost = measure_message(changes.iter().map(Vec::as_slice), &MESSAGE_LIMITS)
        .expect("the snapshots fit the server's caps");
    // A tenth of the caps at most: the facilitator's records and the
    // roster still have room in the same request. Measured with the eight
    // languages: about 196 kB decoded and 1,700 operations.
    assert!(
        cost.decoded_bytes < MESSAGE_LIMITS.decoded_bytes / 10,
        "{cost:?}"
    );
    assert!(cost.operations < MESSAGE_LIMITS.operations / 10, "{cost:?}");
}

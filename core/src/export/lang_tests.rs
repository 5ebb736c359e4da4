//! The exports in the chosen language: the CSV's header row and messages,
//! the GeoJSON's labels, the ZIP's credits; English keeps the column keys
//! tools read, and what people wrote stays as written.

use std::io::Read;

use super::csv::{header, CSV_HEADER, PROBLEMS_HEADER};
use super::tests::in_lang;
use super::*;
use crate::model::Reason;
use crate::report::words::{languages, Words};
use crate::testdata::fixture;

/// The lines of a CSV export, without its byte order mark.
fn lines(text: &str) -> Vec<String> {
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_english_csv_header_is_the_column_keys_tools_read() {
    let f = fixture();
    let answers = in_lang(&f, "en", answers_csv);
    assert_eq!(lines(&answers)[0], CSV_HEADER.join(","));
    let problems = in_lang(&f, "en", problems_csv);
    assert_eq!(lines(&problems)[0], PROBLEMS_HEADER.join(","));
    // An unknown language falls back to English here; `export` refuses it first.
    assert_eq!(header(&CSV_HEADER, "xx"), CSV_HEADER.map(str::to_owned));
}

#[test]
fn the_czech_and_arabic_csv_headers_are_in_their_language_with_the_same_rows() {
    let f = fixture();
    let english = lines(&in_lang(&f, "en", answers_csv));
    for (lang, first, statement) in [
        ("cs", "ID účastníka", "Výrok"),
        ("ar", "معرّف المشارك", "العبارة"),
    ] {
        let text = in_lang(&f, lang, answers_csv);
        let rows = lines(&text);
        let head: Vec<&str> = rows[0].split(',').collect();
        assert_eq!(head.len(), CSV_HEADER.len(), "{lang}: {head:?}");
        assert_eq!(head[0], first, "{lang}");
        assert_eq!(head[5], statement, "{lang}");
        for (label, key) in head.iter().zip(CSV_HEADER) {
            assert_ne!(*label, key, "{lang}: {key} is translated");
        }
        // Only the header differs: ids, codes and people's words are the same rows.
        assert_eq!(rows.len(), english.len(), "{lang}");
        let ids = |row: &String| row.split(',').take(5).collect::<Vec<_>>().join(",");
        for (own, en) in rows.iter().zip(&english).skip(1) {
            assert_eq!(ids(own), ids(en), "{lang}");
        }
        assert!(text.contains(",dont_know,"), "{lang}: codes stay codes");
    }
}

#[test]
fn the_problems_export_words_its_header_and_messages_in_the_language() {
    let f = fixture();
    let cs = lines(&in_lang(&f, "cs", problems_csv));
    assert_eq!(cs[0], "ID účastníka,Pseudonym,Cesta v dokumentu,Problém");
    assert!(
        cs[1].starts_with("pb,\"Heron \"\"Bo\"\", jr\",answers/vision.4/value,"),
        "the author's name as written: {}",
        cs[1]
    );
    assert!(
        cs[1].ends_with(",hodnocení 9 je mimo rozsah 1-5"),
        "{}",
        cs[1]
    );
    assert!(
        cs[2].ends_with(",není výrokem tohoto kontrolního seznamu"),
        "{}",
        cs[2]
    );
    assert_eq!(
        Reason::NotAStatement.in_words(&Words::new("cs").unwrap()),
        "není výrokem tohoto kontrolního seznamu"
    );
    assert!(!cs.iter().any(|l| l.contains("outside 1-5")), "{cs:?}");
    let ar = lines(&in_lang(&f, "ar", problems_csv));
    assert!(ar[0].starts_with("معرّف المشارك,"), "{}", ar[0]);
    assert!(ar[1].ends_with(",التقييم ٩ خارج النطاق ١-٥"), "{}", ar[1]);
}

#[test]
fn geojson_keeps_its_keys_and_adds_labels_in_the_language() {
    let f = fixture();
    let en = in_lang(&f, "en", geojson);
    let cs = in_lang(&f, "cs", geojson);
    let en_features = en["features"].as_array().unwrap();
    let cs_features = cs["features"].as_array().unwrap();
    assert_eq!(en_features.len(), cs_features.len());
    let words = Words::new("cs").unwrap();
    for (e, c) in en_features.iter().zip(cs_features) {
        let (ep, cp) = (&e["properties"], &c["properties"]);
        let keys =
            |p: &serde_json::Value| p.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(ep), keys(cp), "the same keys in every language");
        assert_eq!(ep["kind"], cp["kind"], "kind is a code");
        assert_ne!(ep["kind_label"], cp["kind_label"], "{cp}");
    }
    let planned = cs_features
        .iter()
        .find(|x| x["properties"]["kind"] == "planned_stop")
        .unwrap();
    assert_eq!(planned["properties"]["kind_label"], "Plánovaná zastávka");
    assert_eq!(
        planned["properties"]["kind_label"],
        words.t("map.legend.planned").as_str()
    );
    let photo = |features: &[serde_json::Value]| {
        features
            .iter()
            .find(|x| x["properties"]["kind"] == "photo")
            .unwrap()["properties"]
            .clone()
    };
    let (en_photo, cs_photo) = (photo(en_features), photo(cs_features));
    assert_eq!(en_photo["theme"], cs_photo["theme"], "the theme's id stays");
    assert_eq!(
        en_photo["title"], cs_photo["title"],
        "the participant's title stays"
    );
    let theme = f
        .audit_data()
        .photovoice()
        .unwrap()
        .themes
        .iter()
        .find(|t| t.id == en_photo["theme"])
        .unwrap()
        .title
        .clone();
    assert_eq!(en_photo["theme_title"], theme.get("en"));
    assert_eq!(cs_photo["theme_title"], theme.get("cs"));
}

#[test]
fn the_zip_credits_are_in_the_language_with_the_photographers_words() {
    let f = fixture();
    let bytes = in_lang(&f, "cs", photos_zip).unwrap();
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut credits = String::new();
    archive
        .by_name(zip::CREDITS_FILE)
        .unwrap()
        .read_to_string(&mut credits)
        .unwrap();
    assert!(credits.starts_with("Fotografie z auditu „"), "{credits}");
    assert!(credits.contains("Foto: Falcon"), "{credits}");
    assert!(credits.contains("Název: Welcome desk"), "{credits}");
    assert!(!credits.contains("Title: "), "{credits}");
}

#[test]
fn every_key_the_exports_look_up_is_in_the_english_catalogue() {
    let en = Words::english();
    for key in CSV_HEADER.iter().chain(&PROBLEMS_HEADER) {
        // English labels are the keys themselves.
        assert_eq!(en.t(&format!("csv.{key}")), *key);
    }
    for lang in languages() {
        let words = Words::new(lang).unwrap();
        for key in CSV_HEADER.iter().chain(&PROBLEMS_HEADER) {
            let label = words.t(&format!("csv.{key}"));
            assert!(
                !label.contains(','),
                "{lang} {key}: a label needs no quoting"
            );
        }
    }
    let keys = [
        "credits.intro",
        "credits.file",
        "credits.title",
        "credits.caption",
        "credits.theme",
        "credits.photo",
        "credits.taken",
        "credits.place",
        "credits.notUploaded",
        "credits.unknown",
        "participant.anonymous",
    ];
    for key in keys {
        assert_ne!(en.t(key), key, "{key}");
    }
}

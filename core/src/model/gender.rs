//! Gender as a choice: woman, man, non-binary, prefer not to say, or a
//! self-description. The choices are stored as fixed codes, so the roster's
//! balance never splits on spelling; a self-description is kept as typed
//! and counted as "self-described" (its words are not shown in counts).

/// The fixed choices, as stored.
pub const GENDER_CHOICES: [&str; 4] = ["woman", "man", "non_binary", "prefer_not_to_say"];

/// What the balance counts a self-description (or an older free text) as.
pub const SELF_DESCRIBED: &str = "self_described";

/// The stored form of what a person chose or typed: a choice's code, a
/// trimmed self-description, or `None` when nothing was given.
pub fn normalize_gender(raw: Option<&str>) -> Option<String> {
    let text = raw.map(str::trim).filter(|t| !t.is_empty())?;
    Some(choice_of(text).map_or_else(|| text.to_owned(), str::to_owned))
}

/// What the balance counts a stored gender as: its choice's code, or
/// [`SELF_DESCRIBED`]; `None` stays not given. Free texts of audits made
/// before the choice existed count under the choice they plainly name
/// ("Female", "women", "M"), so older rosters balance too.
pub fn gender_bucket(stored: Option<&str>) -> Option<&'static str> {
    let text = stored.map(str::trim).filter(|t| !t.is_empty())?;
    Some(choice_of(text).unwrap_or(SELF_DESCRIBED))
}

/// The choice a text names, case and separators ignored.
fn choice_of(text: &str) -> Option<&'static str> {
    let folded: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match folded.as_str() {
        "woman" | "women" | "female" | "f" => Some("woman"),
        "man" | "men" | "male" | "m" => Some("man"),
        "nonbinary" => Some("non_binary"),
        "prefernottosay" => Some("prefer_not_to_say"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_stored_as_codes_and_self_descriptions_as_typed() {
        for code in GENDER_CHOICES {
            assert_eq!(normalize_gender(Some(code)).as_deref(), Some(code));
        }
        assert_eq!(
            normalize_gender(Some(" Non-Binary ")).as_deref(),
            Some("non_binary")
        );
        assert_eq!(
            normalize_gender(Some("  genderfluid ")).as_deref(),
            Some("genderfluid")
        );
        assert_eq!(normalize_gender(Some("   ")), None);
        assert_eq!(normalize_gender(None), None);
    }

    #[test]
    fn balance_counts_do_not_split_on_spelling() {
        for spelling in ["woman", "Woman", "FEMALE", "women", " f "] {
            assert_eq!(gender_bucket(Some(spelling)), Some("woman"), "{spelling}");
        }
        for spelling in ["man", "Male", "M"] {
            assert_eq!(gender_bucket(Some(spelling)), Some("man"), "{spelling}");
        }
        assert_eq!(gender_bucket(Some("non binary")), Some("non_binary"));
        assert_eq!(
            gender_bucket(Some("prefer_not_to_say")),
            Some("prefer_not_to_say")
        );
        assert_eq!(gender_bucket(Some("two-spirit")), Some(SELF_DESCRIBED));
        assert_eq!(gender_bucket(Some("")), None);
        assert_eq!(gender_bucket(None), None);
    }
}

//! The built-in templates, compiled into the binary.

use serde::Deserialize;

use super::{
    BenchmarkTemplate, ChecklistTemplate, MethodsTemplate, ParticipantGroup, PhotovoiceTemplate,
    Translations,
};

/// A built-in template file did not parse (a build defect, caught by tests).
#[derive(Debug, thiserror::Error)]
#[error("built-in template {file} is invalid: {source}")]
pub struct TemplateError {
    file: &'static str,
    source: serde_json::Error,
}

/// All built-in templates.
#[derive(Debug, Clone, PartialEq)]
pub struct Templates {
    /// The INTEGRA city walk checklist.
    pub checklist: ChecklistTemplate,
    /// INTEGRA photovoice.
    pub photovoice: PhotovoiceTemplate,
    /// Participant groups.
    pub groups: Vec<ParticipantGroup>,
    /// Review markers of the participant groups' translations (the audit
    /// document keeps the groups as a plain list, without them).
    pub groups_translations: Translations,
    /// The EUROCITIES neighbourhood-participation benchmark.
    pub benchmark: BenchmarkTemplate,
    /// Desk research and focus group texts.
    pub methods: MethodsTemplate,
}

/// `participant_groups.json`: the groups and their review markers.
#[derive(Deserialize)]
struct GroupsFile {
    translations: Translations,
    groups: Vec<ParticipantGroup>,
}

fn parse<T: serde::de::DeserializeOwned>(
    file: &'static str,
    json: &'static str,
) -> Result<T, TemplateError> {
    serde_json::from_str(json).map_err(|source| TemplateError { file, source })
}

impl MethodsTemplate {
    /// Parses the built-in desk research and focus group texts.
    pub fn builtin() -> Result<Self, TemplateError> {
        parse(
            "audit_methods.json",
            include_str!("../../templates/audit_methods.json"),
        )
    }
}

impl Templates {
    /// Parses the built-in templates.
    pub fn builtin() -> Result<Self, TemplateError> {
        let groups: GroupsFile = parse(
            "participant_groups.json",
            include_str!("../../templates/participant_groups.json"),
        )?;
        Ok(Templates {
            checklist: parse(
                "integra_checklist.json",
                include_str!("../../templates/integra_checklist.json"),
            )?,
            photovoice: parse(
                "integra_photovoice.json",
                include_str!("../../templates/integra_photovoice.json"),
            )?,
            groups: groups.groups,
            groups_translations: groups.translations,
            benchmark: parse(
                "eurocities_benchmark.json",
                include_str!("../../templates/eurocities_benchmark.json"),
            )?,
            methods: MethodsTemplate::builtin()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn templates() -> Templates {
        Templates::builtin().expect("built-in templates parse")
    }

    #[test]
    fn checklist_has_four_areas_and_thirty_statements_with_stable_ids() {
        let checklist = templates().checklist;
        let areas: Vec<(&str, usize, bool)> = checklist
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.items.len(), s.per_stop))
            .collect();
        assert_eq!(
            areas,
            [
                ("vision", 8, false),
                ("participation", 7, false),
                ("environment", 10, true),
                ("attitudes", 5, false)
            ]
        );
        let ids: BTreeSet<&str> = checklist
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(|i| i.id.as_str()))
            .collect();
        assert_eq!(ids.len(), 30, "item ids are unique");
        for section in &checklist.sections {
            for (n, item) in section.items.iter().enumerate() {
                assert_eq!(item.id, format!("{}.{}", section.id, n + 1));
                assert!(!item.text.en.is_empty());
            }
        }
        assert_eq!(checklist.sections[0].title.en, "City Vision and Services");
        assert_eq!(
            checklist.sections[1].title.en,
            "Civic Participation and Social Inclusion of TCN and Migrant Communities"
        );
        assert_eq!(
            checklist.sections[2].title.en,
            "Urban Environment and Safety"
        );
        assert_eq!(
            checklist.sections[3].title.en,
            "Attitudes towards TCN and Migrants"
        );
        assert_eq!(
            checklist.sections[0].items[0].text.en,
            "The city has a strategy for promoting diversity and equal opportunities in which TCN and migrants are identified as a target group."
        );
        assert_eq!(
            checklist.sections[3].items[4].text.en,
            "The existing migrant communities in the city play a visible positive role by eliciting role models and mentors, engaging in meaningful public campaigns, etc."
        );
        assert_eq!(checklist.scale.min_label.en, "poor");
        assert_eq!(checklist.scale.max_label.en, "excellent");
        assert_eq!((checklist.scale.min, checklist.scale.max), (1, 5));
    }

    #[test]
    fn photovoice_has_both_themes_terms_and_wrap_up() {
        let photovoice = templates().photovoice;
        let themes: Vec<(&str, &str)> = photovoice
            .themes
            .iter()
            .map(|t| (t.id.as_str(), t.title.en.as_str()))
            .collect();
        assert_eq!(
            themes,
            [
                ("friendly", "City, friendly to TCN and migrants"),
                ("improvement", "Room for integration improvement")
            ]
        );
        assert!(photovoice
            .usage_terms
            .en
            .contains("non-commercial purposes"));
        let wrap_up: Vec<&str> = photovoice.wrap_up.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(
            wrap_up,
            [
                "deficiencies.most_common",
                "deficiencies.urgent",
                "deficiencies.subtle",
                "achievements",
                "way_ahead"
            ]
        );
    }

    #[test]
    fn groups_include_tcn_communities_and_other() {
        let ids: Vec<String> = templates().groups.into_iter().map(|g| g.id).collect();
        assert_eq!(ids.len(), 8);
        for id in ["local_government", "tcn_communities", "ngos", "other"] {
            assert!(ids.iter().any(|g| g == id), "{id} missing");
        }
    }

    #[test]
    fn benchmark_has_eleven_key_factors_with_standards_and_questions() {
        let benchmark = templates().benchmark;
        assert_eq!(benchmark.key_factors.len(), 11);
        for (n, factor) in benchmark.key_factors.iter().enumerate() {
            assert_eq!(factor.id, format!("kf{}", n + 1));
            assert_eq!(factor.number as usize, n + 1);
            assert!(!factor.standard.en.is_empty());
            assert!(!factor.guide_questions.is_empty());
        }
        assert!(!benchmark.context_factors.is_empty());
    }
}

//! A focus group's breakdown and balance, and the totals over all focus
//! groups, as the report and the screens show them. The rules are in
//! `docs/analysis.md` ("Focus groups").

use serde::Serialize;
use std::collections::BTreeMap;

use super::FocusGroup;
use crate::templates::FocusTemplate;

/// How the number of people compares with the toolkit's "between 8 and 10".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum GroupSize {
    /// Nobody counted yet.
    NotCounted,
    /// Fewer than recommended.
    TooFew,
    /// Within the recommended size.
    Recommended,
    /// More than recommended.
    TooMany,
}

/// The breakdown and balance of one focus group (or of all together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Balance {
    /// People counted by participant group.
    pub total: i64,
    /// The size against the recommended range.
    pub size: GroupSize,
    /// People by gender id, as counted.
    pub genders: BTreeMap<String, i64>,
    /// People counted by gender.
    pub gender_total: i64,
    /// True when the gender counts do not add up to the group counts.
    pub counts_differ: bool,
    /// Women and men differ by at most one person, or by at most 20% of those counted.
    pub gender_balanced: bool,
    /// Members of TCN communities took part.
    pub tcn_present: bool,
    /// Participant group ids with nobody counted, in template order.
    pub groups_missing: Vec<String>,
    /// Social-inclusion assessment: people by level id.
    pub inclusion: BTreeMap<String, i64>,
    /// The level chosen by most people (ties: the lower level), if any.
    pub inclusion_most_chosen: Option<String>,
}

fn size_of(people: i64, template: &FocusTemplate) -> GroupSize {
    match people {
        0 => GroupSize::NotCounted,
        n if n < i64::from(template.recommended_size.min) => GroupSize::TooFew,
        n if n > i64::from(template.recommended_size.max) => GroupSize::TooMany,
        _ => GroupSize::Recommended,
    }
}

/// The participant group id of TCN community members.
pub const TCN_GROUP: &str = "tcn_communities";

fn add(into: &mut BTreeMap<String, i64>, from: &BTreeMap<String, i64>) {
    for (key, n) in from {
        *into.entry(key.clone()).or_default() += n;
    }
}

impl Balance {
    /// The balance of counts by participant group, gender and inclusion level.
    pub fn of_counts(
        participants: &BTreeMap<String, i64>,
        genders: &BTreeMap<String, i64>,
        inclusion: &BTreeMap<String, i64>,
        group_ids: &[String],
        template: &FocusTemplate,
    ) -> Balance {
        let total: i64 = participants.values().sum();
        let gender_total: i64 = genders.values().sum();
        let size = size_of(total, template);
        let women = genders.get("women").copied().unwrap_or(0);
        let men = genders.get("men").copied().unwrap_or(0);
        let gap = (women - men).abs();
        let inclusion_most_chosen = template
            .inclusion_levels
            .iter()
            .filter_map(|level| inclusion.get(&level.id).map(|n| (level.id.clone(), *n)))
            .filter(|(_, n)| *n > 0)
            .fold(None::<(String, i64)>, |best, (id, n)| match best {
                Some((_, most)) if most >= n => best,
                _ => Some((id, n)),
            })
            .map(|(id, _)| id);
        Balance {
            total,
            size,
            genders: genders.clone(),
            gender_total,
            counts_differ: gender_total != 0 && gender_total != total,
            gender_balanced: gender_total > 0 && (gap <= 1 || gap * 5 <= women + men),
            tcn_present: participants.get(TCN_GROUP).copied().unwrap_or(0) > 0,
            groups_missing: group_ids
                .iter()
                .filter(|g| participants.get(*g).copied().unwrap_or(0) == 0)
                .cloned()
                .collect(),
            inclusion: inclusion.clone(),
            inclusion_most_chosen,
        }
    }

    /// The balance of one focus group.
    pub fn of(group: &FocusGroup, group_ids: &[String], template: &FocusTemplate) -> Balance {
        Balance::of_counts(
            &group.participants,
            &group.genders,
            &group.inclusion,
            group_ids,
            template,
        )
    }
}

/// All focus groups together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FocusOverview {
    /// How many focus groups were held.
    pub sessions: usize,
    /// People by participant group over all sessions.
    pub participants: BTreeMap<String, i64>,
    /// Sessions within the recommended size.
    pub of_recommended_size: usize,
    /// The balance of all sessions together; its size is the first of too
    /// few, too many, not counted that any session has, else recommended.
    pub balance: Balance,
    /// Total minutes of discussion.
    pub minutes: i64,
}

impl FocusOverview {
    /// Totals over `groups`.
    pub fn of(groups: &[FocusGroup], group_ids: &[String], template: &FocusTemplate) -> Self {
        let mut participants = BTreeMap::new();
        let mut genders = BTreeMap::new();
        let mut inclusion = BTreeMap::new();
        for group in groups {
            add(&mut participants, &group.participants);
            add(&mut genders, &group.genders);
            add(&mut inclusion, &group.inclusion);
        }
        let mut balance =
            Balance::of_counts(&participants, &genders, &inclusion, group_ids, template);
        let sizes: Vec<GroupSize> = groups
            .iter()
            .map(|g| Balance::of(g, group_ids, template).size)
            .collect();
        let of_recommended_size = sizes
            .iter()
            .filter(|s| **s == GroupSize::Recommended)
            .count();
        if !sizes.is_empty() {
            balance.size = [GroupSize::TooFew, GroupSize::TooMany, GroupSize::NotCounted]
                .into_iter()
                .find(|size| sizes.contains(size))
                .unwrap_or(GroupSize::Recommended);
        }
        FocusOverview {
            sessions: groups.len(),
            of_recommended_size,
            participants,
            balance,
            minutes: groups.iter().filter_map(|g| g.duration_minutes).sum(),
        }
    }
}

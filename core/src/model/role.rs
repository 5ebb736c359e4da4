//! The roles a person holds in an audit.

use serde::{Deserialize, Serialize};

/// A role granted by an invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Role {
    /// Scores, visits stops, takes photos; reads the audit, writes only its own response.
    Participant,
    /// Reads everything of its audits and writes the audit document.
    Facilitator,
    /// A facilitator of another audit reading this one to compare rounds:
    /// reads the audit document and every response, writes nothing, and
    /// fetches no photos. Granted by a reader invite redeemed with the
    /// facilitator's own token (`POST /v1/readers`), never by joining.
    Reader,
}

impl Role {
    /// Stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Facilitator => "facilitator",
            Role::Reader => "reader",
        }
    }

    /// Parses stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "participant" => Some(Role::Participant),
            "facilitator" => Some(Role::Facilitator),
            "reader" => Some(Role::Reader),
            _ => None,
        }
    }
}

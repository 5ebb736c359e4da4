//! Tolerant reading: wrappers that turn a wrongly typed value into a
//! described `Invalid` instead of failing the whole document, and that
//! notice fields this version does not know.

use autosurgeon::{Hydrate, HydrateError, ReadDoc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use super::Reason;

/// The field names a record type knows, for spotting unknown fields.
pub trait Fields {
    /// Known field names.
    const FIELDS: &'static [&'static str];
}

/// A value that may be missing or invalid in a document written by someone else.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Lenient<T> {
    /// The value, as expected.
    Value(T),
    /// No value at this key.
    #[default]
    Missing,
    /// A value of the wrong type or form, described.
    Invalid(Reason),
}

impl<T> Lenient<T> {
    /// The value, if present and valid.
    pub fn value(&self) -> Option<&T> {
        match self {
            Lenient::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A description of the problem, if invalid.
    pub fn invalid(&self) -> Option<&Reason> {
        match self {
            Lenient::Invalid(reason) => Some(reason),
            _ => None,
        }
    }
}

fn keep<T>(result: Result<T, HydrateError>) -> Result<Lenient<T>, HydrateError> {
    Ok(match result {
        Ok(v) => Lenient::Value(v),
        Err(e) => Lenient::Invalid(Reason::Unreadable(e.to_string())),
    })
}

impl<T: Hydrate> Hydrate for Lenient<T> {
    // Delegating through `T::hydrate` (not the per-kind methods) keeps the
    // behaviour of types such as `Option<T>` that customise the dispatch.
    fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: autosurgeon::Prop<'_>,
    ) -> Result<Self, HydrateError> {
        let present = match doc.get(obj, &prop)? {
            None => false,
            Some((automerge::Value::Scalar(s), _)) => !s.is_null(),
            Some(_) => true,
        };
        match T::hydrate(doc, obj, prop) {
            Ok(v) => Ok(Lenient::Value(v)),
            Err(_) if !present => Ok(Lenient::Missing),
            Err(e) => Ok(Lenient::Invalid(Reason::Unreadable(e.to_string()))),
        }
    }
    fn hydrate_none() -> Result<Self, HydrateError> {
        Ok(match T::hydrate_none() {
            Ok(v) => Lenient::Value(v),
            Err(_) => Lenient::Missing,
        })
    }
    fn hydrate_scalar(s: Cow<'_, automerge::ScalarValue>) -> Result<Self, HydrateError> {
        if s.is_null() {
            return Self::hydrate_none();
        }
        keep(T::hydrate_scalar(s))
    }
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        keep(T::hydrate_map(doc, obj))
    }
    fn hydrate_seq<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        keep(T::hydrate_seq(doc, obj))
    }
    fn hydrate_text<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        keep(T::hydrate_text(doc, obj))
    }
}

/// A record (map) that is either valid, with any unknown field names, or invalid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Checked<T> {
    /// The record loaded.
    Valid {
        /// The record.
        value: T,
        /// Field names present in the document that this version does not know.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unknown_fields: Vec<String>,
    },
    /// The record could not be read, described.
    Invalid(Reason),
}

impl<T> Checked<T> {
    /// The record, if valid.
    pub fn value(&self) -> Option<&T> {
        match self {
            Checked::Valid { value, .. } => Some(value),
            Checked::Invalid(_) => None,
        }
    }
}

fn not_a_map<T>(found: Reason) -> Result<Checked<T>, HydrateError> {
    Ok(Checked::Invalid(found))
}

impl<T: Hydrate + Fields> Hydrate for Checked<T> {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(match T::hydrate_map(doc, obj) {
            Ok(value) => Checked::Valid {
                value,
                unknown_fields: doc
                    .map_range(obj, ..)
                    .map(|item| item.key.to_string())
                    .filter(|key| !T::FIELDS.contains(&key.as_str()))
                    .collect(),
            },
            Err(e) => Checked::Invalid(Reason::Unreadable(e.to_string())),
        })
    }
    fn hydrate_none() -> Result<Self, HydrateError> {
        not_a_map(Reason::RecordMissing)
    }
    fn hydrate_scalar(s: Cow<'_, automerge::ScalarValue>) -> Result<Self, HydrateError> {
        not_a_map(Reason::RecordIsValue(s.to_string()))
    }
    fn hydrate_seq<D: ReadDoc>(_: &D, _: &automerge::ObjId) -> Result<Self, HydrateError> {
        not_a_map(Reason::RecordIsList)
    }
    fn hydrate_text<D: ReadDoc>(_: &D, _: &automerge::ObjId) -> Result<Self, HydrateError> {
        not_a_map(Reason::RecordIsText)
    }
}

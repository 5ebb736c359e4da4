//! The template workbook: the file a city exports, edits or translates in a
//! spreadsheet program, and imports when it prepares an audit.
//!
//! An XLSX workbook (every spreadsheet program saves one), laid out like a
//! form: one row per text, one column per language, so a translator fills
//! the column beside English.
//! `docs/templates.md` documents the sheets, columns and rules.
//!
//! | sheet | columns |
//! |---|---|
//! | `about` | `key`, `value` (`format`, `checklist_id`, `checklist_version`, `photovoice_id`, `photovoice_version`) |
//! | `languages` | `language`, `reviewed` (yes/no) |
//! | `checklist` | `kind`, `id`, `per_stop`, `en`, then a column per language |
//! | `photovoice` | `kind`, `id`, `en`, languages |
//! | `groups` | `kind`, `id`, `en`, languages |

mod read;
mod write;

pub use read::read_workbook;
pub use write::write_workbook;

/// The `format` value of the `about` sheet.
pub const FORMAT: &str = "cityaudit-template";
/// The largest template file read (a full template in eight languages is about 60 KB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most bytes a workbook's parts may inflate to, all together.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// The most rows one sheet may have.
pub const MAX_ROWS: usize = 2_000;

const ABOUT: &str = "about";
const LANGUAGES: &str = "languages";

/// A failure to build the workbook (not expected with valid texts).
#[derive(Debug, thiserror::Error)]
#[error("the template workbook could not be written: {0}")]
pub struct WriteError(#[from] rust_xlsxwriter::XlsxError);

#[cfg(test)]
mod tests;

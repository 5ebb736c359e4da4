//! Template workbooks: written and read back unchanged, edited as a city
//! would in a spreadsheet, and refused with the row and column of the
//! first problem.

use std::io::{Cursor, Read};

use super::{read_workbook, write_workbook, MAX_INFLATED_BYTES};
use crate::templates::{
    ChangeKind, ProblemKind, TemplateDiff, TemplateProblem, TemplateSet, Templates, TextKind,
};

fn builtin() -> TemplateSet {
    TemplateSet::builtin(&Templates::builtin().expect("built-in templates"))
}

/// A workbook's sheets as rows of cells, to edit as a person would.
struct Sheets(Vec<(String, Vec<Vec<String>>)>);

impl Sheets {
    /// The sheets of `bytes`, read with the spreadsheet reader.
    fn of(bytes: &[u8]) -> Self {
        use calamine::Reader;
        let mut workbook =
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).expect("a workbook");
        let names = workbook.sheet_names();
        Sheets(
            names
                .into_iter()
                .map(|name| {
                    let range = workbook.worksheet_range(&name).expect("sheet");
                    let rows = range
                        .rows()
                        .map(|cells| cells.iter().map(|c| c.to_string()).collect())
                        .collect();
                    (name, rows)
                })
                .collect(),
        )
    }

    fn sheet(&mut self, name: &str) -> &mut Vec<Vec<String>> {
        &mut self
            .0
            .iter_mut()
            .find(|(n, _)| n == name)
            .expect("sheet exists")
            .1
    }

    /// The index of the row whose first two cells are `kind` and `id`.
    fn row_of(&mut self, sheet: &str, kind: &str, id: &str) -> usize {
        self.sheet(sheet)
            .iter()
            .position(|r| r[0] == kind && r[1] == id)
            .expect("row exists")
    }

    fn column_of(&mut self, sheet: &str, header: &str) -> usize {
        self.sheet(sheet)[0]
            .iter()
            .position(|h| h == header)
            .expect("column exists")
    }

    fn set(&mut self, sheet: &str, row: usize, header: &str, value: &str) {
        let column = self.column_of(sheet, header);
        let cells = &mut self.sheet(sheet)[row];
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = value.to_owned();
    }

    fn bytes(&self) -> Vec<u8> {
        self.bytes_with(|_, _| {})
    }

    /// The workbook, with `more` written into each sheet after its rows.
    fn bytes_with(&self, more: impl Fn(&str, &mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        for (name, rows) in &self.0 {
            let sheet = workbook.add_worksheet().set_name(name).expect("name");
            for (r, cells) in (0..).zip(rows) {
                for (c, cell) in (0..).zip(cells) {
                    if !cell.is_empty() {
                        sheet.write_string(r, c, cell).expect("cell");
                    }
                }
            }
            more(name, sheet);
        }
        workbook.save_to_buffer().expect("workbook")
    }
}

fn read(sheets: &Sheets) -> Result<TemplateSet, TemplateProblem> {
    read_workbook(&sheets.bytes(), &builtin())
}

fn refusal(sheets: &Sheets) -> TemplateProblem {
    read(sheets).expect_err("the file is refused")
}

fn exported() -> Sheets {
    Sheets::of(&write_workbook(&builtin()).expect("written"))
}

#[test]
fn the_builtin_template_comes_back_unchanged() {
    let base = builtin();
    let bytes = write_workbook(&base).expect("written");
    let read = read_workbook(&bytes, &base).expect("read back");
    assert_eq!(read, base);
    assert!(TemplateDiff::between(&base, &read).is_empty());
    let sheets = Sheets::of(&bytes);
    let names: Vec<&str> = sheets.0.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["about", "languages", "checklist", "photovoice", "groups"]
    );
    let checklist = &sheets.0[2].1;
    assert_eq!(
        checklist[0][..5],
        ["kind", "id", "per_stop", "en", "ar"].map(String::from)
    );
    assert!(checklist.iter().any(|r| r[0] == "statement"
        && r[1] == "vision.1"
        && r[3].starts_with("The city has a strategy")));
}

#[test]
fn a_city_rewords_adds_removes_and_translates_in_the_spreadsheet() {
    let mut sheets = exported();
    let row = sheets.row_of("checklist", "statement", "vision.1");
    sheets.set(
        "checklist",
        row,
        "en",
        "The city has a written strategy for diversity that names TCN and migrants.",
    );
    // Remove the last attitudes statement.
    let last = sheets.row_of("checklist", "statement", "attitudes.5");
    sheets.sheet("checklist").remove(last);
    // Add a statement to the walk's area, with no id, in English and Persian.
    let after = sheets.row_of("checklist", "statement", "environment.10");
    let width = sheets.sheet("checklist")[0].len();
    sheets
        .sheet("checklist")
        .insert(after + 1, vec![String::new(); width]);
    sheets.set("checklist", after + 1, "kind", "statement");
    sheets.set(
        "checklist",
        after + 1,
        "en",
        "Street signs show pictograms.",
    );
    for sheet in ["checklist", "photovoice", "groups"] {
        sheets.sheet(sheet)[0].push("fa".into());
    }
    sheets.set(
        "checklist",
        after + 1,
        "fa",
        "تابلوهای خیابان تصویرنگاشت دارند.",
    );
    sheets
        .sheet("languages")
        .push(vec!["fa".into(), "no".into()]);

    let set = read(&sheets).expect("the edited file is read");
    let environment = &set.checklist.sections[2];
    let added = environment.items.last().expect("a statement");
    assert_eq!(
        added.id, "environment.11",
        "numbered after its area's others"
    );
    assert_eq!(added.text.get("fa"), "تابلوهای خیابان تصویرنگاشت دارند.");
    assert_eq!(added.text.get("bg"), "Street signs show pictograms.");
    assert!(!set.checklist.translations["fa"].reviewed);
    assert_eq!(set.checklist.sections[3].items.len(), 4);

    let diff = TemplateDiff::between(&builtin(), &set);
    let changes: Vec<(ChangeKind, TextKind, &str)> = diff
        .changes
        .iter()
        .map(|c| (c.change, c.kind, c.id.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (ChangeKind::Reworded, TextKind::Statement, "vision.1"),
            (ChangeKind::Added, TextKind::Statement, "environment.11"),
            (ChangeKind::Removed, TextKind::Statement, "attitudes.5"),
        ]
    );
    assert_eq!(diff.languages_added, ["fa"]);
    assert!(diff.changes[0]
        .before
        .as_deref()
        .is_some_and(|b| b.starts_with("The city has a strategy")));
}

#[test]
fn each_bad_row_is_named_by_sheet_row_and_column() {
    type Edit = Box<dyn Fn(&mut Sheets)>;
    let cases: Vec<(&str, Edit, ProblemKind, &str)> = vec![
        (
            "unknown kind",
            Box::new(|s: &mut Sheets| {
                let row = s.row_of("checklist", "statement", "vision.3");
                s.set("checklist", row, "kind", "statment");
            }),
            ProblemKind::UnknownKind,
            "kind",
        ),
        (
            "same id twice",
            Box::new(|s: &mut Sheets| {
                let row = s.row_of("checklist", "statement", "vision.3");
                s.set("checklist", row, "id", "vision.2");
            }),
            ProblemKind::DuplicateId,
            "id",
        ),
        (
            "English emptied",
            Box::new(|s: &mut Sheets| {
                let row = s.row_of("checklist", "statement", "vision.3");
                s.set("checklist", row, "en", "");
            }),
            ProblemKind::EmptyEnglish,
            "en",
        ),
        (
            "id with spaces",
            Box::new(|s: &mut Sheets| {
                let row = s.row_of("checklist", "statement", "vision.3");
                s.set("checklist", row, "id", "vision three");
            }),
            ProblemKind::BadId,
            "id",
        ),
        (
            "per stop neither yes nor no",
            Box::new(|s: &mut Sheets| {
                let row = s.row_of("checklist", "area", "vision");
                s.set("checklist", row, "per_stop", "sometimes");
            }),
            ProblemKind::NotYesNo,
            "per_stop",
        ),
        (
            "a translation too long",
            Box::new(|s: &mut Sheets| {
                let row = s.row_of("groups", "group", "ngos");
                s.set("groups", row, "uk", &"д".repeat(201));
            }),
            ProblemKind::TooLong,
            "uk",
        ),
    ];
    for (what, edit, problem, column) in cases {
        let mut sheets = exported();
        edit(&mut sheets);
        let refused = refusal(&sheets);
        assert_eq!(refused.problem, problem, "{what}: {refused}");
        assert_eq!(refused.column.as_deref(), Some(column), "{what}: {refused}");
        let sheet = refused.sheet.clone().expect("a sheet");
        let row = refused.row.expect("a row");
        // The row named is the spreadsheet's row (1 is the header).
        let cells = &sheets.sheet(&sheet)[row as usize - 1];
        assert!(
            !cells.iter().all(String::is_empty),
            "{what}: row {row} of {sheet} is the edited one"
        );
        assert!(
            refused.to_string().contains(&format!("row {row}")),
            "{what}: {refused}"
        );
    }
}

#[test]
fn a_statement_before_any_area_and_an_area_without_statements_are_refused() {
    let mut sheets = exported();
    let first_area = sheets.row_of("checklist", "area", "vision");
    let width = sheets.sheet("checklist")[0].len();
    sheets
        .sheet("checklist")
        .insert(first_area, vec![String::new(); width]);
    sheets.set("checklist", first_area, "kind", "statement");
    sheets.set("checklist", first_area, "en", "Orphan statement");
    let refused = refusal(&sheets);
    assert_eq!(refused.problem, ProblemKind::OutsideArea);
    assert_eq!(
        refused.row,
        Some(u32::try_from(first_area).expect("row") + 1)
    );

    let mut sheets = exported();
    let rows = sheets.sheet("checklist");
    rows.retain(|r| !(r[0] == "statement" && r[1].starts_with("attitudes.")));
    let refused = refusal(&sheets);
    assert_eq!(refused.problem, ProblemKind::NoStatements);
    assert_eq!(refused.id.as_deref(), Some("attitudes"));
    assert_eq!(refused.sheet.as_deref(), Some("checklist"));
    assert!(refused.row.is_some(), "the area's row is named: {refused}");
}

#[test]
fn missing_sheets_columns_and_languages_that_are_not_tags_are_named() {
    let mut sheets = exported();
    sheets.0.retain(|(name, _)| name != "groups");
    let refused = refusal(&sheets);
    assert_eq!(refused.problem, ProblemKind::MissingSheet);
    assert_eq!(refused.sheet.as_deref(), Some("groups"));

    let mut sheets = exported();
    let column = sheets.column_of("photovoice", "id");
    sheets.sheet("photovoice")[0][column] = "identifier".into();
    let refused = refusal(&sheets);
    assert_eq!(refused.problem, ProblemKind::MissingColumn);
    assert_eq!(refused.column.as_deref(), Some("id"));

    let mut sheets = exported();
    sheets.sheet("groups")[0].push("Farsi".into());
    let refused = refusal(&sheets);
    assert_eq!(refused.problem, ProblemKind::BadLanguage);
    assert_eq!(refused.column.as_deref(), Some("Farsi"));

    // A translator's notes column is allowed and ignored.
    let mut sheets = exported();
    sheets.sheet("groups")[0].push("note".into());
    let row = sheets.row_of("groups", "group", "ngos");
    sheets.set("groups", row, "note", "check with the NGO forum");
    assert_eq!(read(&sheets).expect("read"), builtin());
}

#[test]
fn files_that_are_not_workbooks_or_unpack_too_far_are_refused_before_reading() {
    let base = builtin();
    let not = read_workbook(b"kind,id,en\nstatement,vision.1,text\n", &base).expect_err("csv");
    assert_eq!(not.problem, ProblemKind::NotAWorkbook);
    let big = vec![0_u8; super::MAX_FILE_BYTES + 1];
    assert_eq!(
        read_workbook(&big, &base).expect_err("too big").problem,
        ProblemKind::FileTooLarge
    );
    // A few hundred kilobytes that inflate past the bound.
    let bomb = zip_with_one_deflated_entry(MAX_INFLATED_BYTES + 1);
    assert!(bomb.len() < super::MAX_FILE_BYTES);
    assert_eq!(
        read_workbook(&bomb, &base).expect_err("bomb").problem,
        ProblemKind::FileTooLarge
    );
}

#[test]
fn a_cell_placed_a_million_rows_down_is_refused_without_reading_the_rows_between() {
    let mut sheets = exported();
    let bytes = sheets.bytes_with(|name, sheet| {
        if name == "groups" {
            sheet
                .write_string(1_048_575, 16_383, "far away")
                .expect("cell");
        }
    });
    let refused = read_workbook(&bytes, &builtin()).expect_err("refused");
    assert_eq!(refused.problem, ProblemKind::TooMany);
    assert_eq!(refused.sheet.as_deref(), Some("groups"));
    // Blank rows between texts are fine.
    let row = sheets.row_of("groups", "group", "ngos");
    sheets.sheet("groups").insert(row, Vec::new());
    assert_eq!(read(&sheets).expect("read"), builtin());
}

/// A ZIP archive of one deflated entry of `size` zero bytes whose headers
/// claim it is small, written by hand.
fn zip_with_one_deflated_entry(size: u64) -> Vec<u8> {
    use flate2::{write::DeflateEncoder, Compression};
    use std::io::Write;
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let chunk = vec![0_u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        encoder.write_all(&chunk[..n]).expect("deflate");
        left -= n as u64;
    }
    let data = encoder.finish().expect("deflate");
    let name = b"xl/worksheets/sheet1.xml";
    let mut zip = Vec::new();
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    let claimed = 100_u32;
    // Local file header.
    zip.extend(le32(0x0403_4b50));
    zip.extend(le16(20));
    zip.extend(le16(0));
    zip.extend(le16(8));
    zip.extend([0; 4]);
    zip.extend(le32(0));
    zip.extend(le32(u32::try_from(data.len()).expect("small")));
    zip.extend(le32(claimed));
    zip.extend(le16(u16::try_from(name.len()).expect("short")));
    zip.extend(le16(0));
    zip.extend(name);
    zip.extend(&data);
    let central = zip.len();
    zip.extend(le32(0x0201_4b50));
    zip.extend(le16(20));
    zip.extend(le16(20));
    zip.extend(le16(0));
    zip.extend(le16(8));
    zip.extend([0; 4]);
    zip.extend(le32(0));
    zip.extend(le32(u32::try_from(data.len()).expect("small")));
    zip.extend(le32(claimed));
    zip.extend(le16(u16::try_from(name.len()).expect("short")));
    zip.extend([0; 12]);
    zip.extend(le32(0));
    zip.extend(name);
    let directory = zip.len() - central;
    zip.extend(le32(0x0605_4b50));
    zip.extend([0; 4]);
    zip.extend(le16(1));
    zip.extend(le16(1));
    zip.extend(le32(u32::try_from(directory).expect("small")));
    zip.extend(le32(u32::try_from(central).expect("small")));
    zip.extend(le16(0));
    // The archive reads as a ZIP.
    let mut archive = zip::ZipArchive::new(Cursor::new(zip.clone())).expect("a zip");
    let mut raw = Vec::new();
    archive
        .by_index_raw(0)
        .expect("entry")
        .read_to_end(&mut raw)
        .expect("raw");
    assert_eq!(raw.len(), data.len());
    zip
}

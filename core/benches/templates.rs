//! Template workbooks: writing the built-in INTEGRA template (checklist,
//! photovoice texts, groups in eight languages) as XLSX, reading it back
//! with every check, and the diff against the built-in set.

use std::time::Duration;

use cityaudit_core::templates::workbook::{read_workbook, write_workbook};
use cityaudit_core::templates::{TemplateDiff, TemplateSet, Templates};
use criterion::{criterion_group, Criterion};

fn criterion_benches(c: &mut Criterion) {
    let builtin = TemplateSet::builtin(&Templates::builtin().expect("templates"));
    let bytes = write_workbook(&builtin).expect("written");
    let mut edited = builtin.clone();
    edited.checklist.sections[0].items[0].text.en = "Reworded.".into();
    edited.checklist.sections[3].items.pop();
    println!(
        "built-in template workbook: {} bytes, {} texts, {} languages",
        bytes.len(),
        builtin.texts().len(),
        builtin.languages().len() + 1
    );
    let mut group = c.benchmark_group("templates");
    group.bench_function("write_workbook", |b| {
        b.iter(|| write_workbook(&builtin).expect("written"))
    });
    group.bench_function("read_workbook", |b| {
        b.iter(|| read_workbook(&bytes, &builtin).expect("read"))
    });
    group.bench_function("diff", |b| {
        b.iter(|| TemplateDiff::between(&builtin, &edited))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3));
    targets = criterion_benches
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}

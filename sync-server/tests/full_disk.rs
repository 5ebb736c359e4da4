//! A full disk while a photo arrives, against the real server binary whose
//! files may not grow past 1.5 MiB (as when the disk fills up): the chunk is
//! refused with 507 and a message saying nothing was kept, no empty or
//! half-written upload is left behind, and smaller photos still arrive.
#![cfg(unix)]

mod common;

use anyhow::{Context, Result};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

use cityaudit_core::model::{NewAudit, TemplateChoice};
use common::{admin, Server};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn upload(
    http: &Client,
    server: &Server,
    token: &str,
    bytes: &[u8],
) -> Result<(StatusCode, String)> {
    let hash = hex::encode(Sha256::digest(bytes));
    let response = http
        .put(format!("{}/v1/blobs/{hash}", server.url))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .header(
            "content-range",
            format!("bytes 0-{}/{}", bytes.len() - 1, bytes.len()),
        )
        .body(bytes.to_vec())
        .send()?;
    Ok((response.status(), response.text()?))
}

#[test]
fn a_chunk_that_does_not_fit_is_refused_and_leaves_nothing_behind() -> Result<()> {
    let temp = tempfile::tempdir()?;
    let data = temp.path().join("data");
    let token = admin(&data, &["create-facilitator", "--name", "Ana"])?
        .trim()
        .to_owned();
    let server = Server::start_with_file_limit(&data, 3 << 19)?;
    let http = Client::new();
    let audit = NewAudit::undated(
        "Harbour walk",
        "Burgas",
        TemplateChoice {
            checklist: true,
            photovoice: true,
            benchmark: false,
        },
    );
    let created = http
        .post(format!("{}/v1/audits", server.url))
        .bearer_auth(&token)
        .json(&audit)
        .send()?;
    assert!(created.status().is_success(), "{}", created.status());

    let photo: Vec<u8> = (0..3u32 << 20).map(|i| (i % 251) as u8).collect();
    let (status, body) = upload(&http, &server, &token, &photo)?;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{body}");
    assert!(
        body.contains("insufficient_storage") && body.contains("nothing was kept"),
        "{body}"
    );
    let blobs = data.join("blobs");
    let left: Vec<PathBuf> = files_under(&blobs);
    assert!(
        left.is_empty(),
        "nothing of the refused upload is kept: {left:?}"
    );

    // The server goes on: a photo that fits arrives whole.
    let small: Vec<u8> = (0..200_000u32).map(|i| (i % 241) as u8).collect();
    let (status, body) = upload(&http, &server, &token, &small)?;
    assert!(status.is_success(), "{status}: {body}");
    let kept = files_under(&blobs);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let stored = std::fs::read(&kept[0]).context("the stored photo")?;
    assert_eq!(stored, small);
    Ok(())
}

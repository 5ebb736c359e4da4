//! The sync server on PostgreSQL, against a real throwaway cluster: the
//! storage checks every backend passes, the connection pool's limits, a
//! walk through a PostgreSQL-backed server, and two server instances
//! sharing one database while devices sync through both at once.
//!
//! These tests need PostgreSQL's server programs; without them they fail
//! with a message saying how to install them (`scripts/test` does).

use anyhow::{bail, Context, Result};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use cityaudit_core::ids::{BlobHash, DocumentId};
use cityaudit_core::model::{AnswerInput, AuditDocument};
use cityaudit_core::sync::client::join;
use cityaudit_core::sync::protocol::JoinRequest;
use cityaudit_sync::storage::{conformance, PostgresStorage, Storage, StorageError};
use cityaudit_tests::device::{fixture, Phone, RawDevice};
use cityaudit_tests::postgres::Cluster;
use cityaudit_tests::server::{admin_with, binary, create_audit, Server};

fn facilitator(data: &Path, database: &str, name: &str) -> Result<String> {
    Ok(admin_with(
        data,
        &["--database", database],
        &["create-facilitator", "--name", name],
    )?
    .trim()
    .to_owned())
}

fn invite(data: &Path, database: &str, audit: &DocumentId, uses: u32) -> Result<String> {
    let uses = uses.to_string();
    let out = admin_with(
        data,
        &["--database", database],
        &[
            "create-invite",
            "--audit",
            audit.as_str(),
            "--role",
            "participant",
            "--max-uses",
            &uses,
        ],
    )?;
    Ok(out.lines().next().context("invite code line")?.to_owned())
}

#[test]
fn the_storage_checks_pass_on_postgresql() -> Result<()> {
    let cluster = Cluster::start()?;
    let url = cluster.create_database("checks")?;
    let open = || -> Box<dyn Storage> {
        Box::new(PostgresStorage::open(&url, None).expect("open PostgreSQL"))
    };
    conformance::committed_rows_survive_reopening_and_dropped_transactions_leave_nothing(&open);
    let storage = PostgresStorage::open(&url, None)?;
    conformance::documents_load_as_snapshot_plus_changes_and_compaction_removes_only_folded_rows(
        &storage,
    );
    conformance::revoked_tokens_are_reported_and_members_show_sync_status(&storage);
    conformance::invites_count_their_uses_and_codes_are_unique(&storage);
    conformance::an_invites_last_use_is_taken_once(&storage);
    conformance::sync_states_and_blob_references_round_trip(&storage);
    conformance::recorded_heads_follow_the_appended_changes(&storage);
    conformance::concurrent_appends_and_compactions_lose_nothing(&storage);
    // Opening again finds the schema in place (and two openers at once
    // migrate one after the other).
    std::thread::scope(|scope| {
        let a = scope.spawn(|| PostgresStorage::open(&url, None).map(|_| ()));
        let b = scope.spawn(|| PostgresStorage::open(&url, None).map(|_| ()));
        for opener in [a, b] {
            opener.join().expect("thread").expect("reopen");
        }
    });
    Ok(())
}

#[test]
fn the_pool_gives_out_at_most_its_size_and_a_request_waits_only_so_long() -> Result<()> {
    let cluster = Cluster::start()?;
    let url = cluster.create_database("pool")?;
    let wait = Duration::from_millis(500);
    let storage = PostgresStorage::open_with_pool(&url, None, 2)?.with_pool_wait(wait);

    // Both connections in use: a third transaction waits, then gives up.
    let first = storage.begin()?;
    let second = storage.begin()?;
    let asked = Instant::now();
    let Err(error) = storage.begin() else {
        bail!("a third connection was given out by a pool of two");
    };
    let waited = asked.elapsed();
    assert!(matches!(error, StorageError::Unavailable(_)), "{error:?}");
    assert!(waited >= wait, "gave up after {waited:?}");
    let message = error.to_string();
    assert!(
        message.contains("no free connection to PostgreSQL at postgres@127.0.0.1:"),
        "{message}"
    );
    // A connection given back goes to the next request.
    drop(first);
    storage.begin()?.commit()?;
    drop(second);

    // Many requests at once share the two connections, never holding more.
    let held = AtomicUsize::new(0);
    let most = AtomicUsize::new(0);
    let storage = PostgresStorage::open_with_pool(&url, None, 2)?;
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..6)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let tx = storage.begin()?;
                    most.fetch_max(held.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                    held.fetch_sub(1, Ordering::SeqCst);
                    tx.commit()?;
                    Ok(())
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("worker thread")?;
        }
        Ok(())
    })?;
    assert_eq!(most.load(Ordering::SeqCst), 2, "two connections, both used");
    Ok(())
}

#[test]
fn an_unreachable_database_is_reported_as_such() -> Result<()> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let url = format!("postgres://cityaudit:secret@127.0.0.1:{port}/audits");
    let error = PostgresStorage::open(&url, None).expect_err("nothing listens there");
    assert!(matches!(error, StorageError::Connect { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "cannot connect to PostgreSQL at cityaudit@127.0.0.1:{port}/audits"
        )),
        "{message}"
    );
    assert!(!message.contains("secret"), "no password in {message}");

    let dir = tempfile::tempdir()?;
    let output = std::process::Command::new(binary()?)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &url,
            "--data",
        ])
        .arg(dir.path())
        .output()?;
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot connect to PostgreSQL"), "{stderr}");
    assert!(!stderr.contains("secret"), "no password in {stderr}");
    Ok(())
}

#[test]
fn a_walk_through_a_postgresql_backed_server_reaches_the_facilitator() -> Result<()> {
    let cluster = Cluster::start()?;
    let database = cluster.create_database("walk")?;
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start_with(&data, "127.0.0.1:0", &["--database", &database])?;
    let url = server.url.clone();
    let http = Client::new();
    let facilitator_token = facilitator(&data, &database, "Ana")?;
    let audit = create_audit(&http, &url, &facilitator_token, "Walk")?;
    let code = invite(&data, &database, &audit, 10)?;

    let mut photos = BTreeMap::new();
    let mut phones = Vec::new();
    for (n, name) in ["Falcon", "Heron", "Lark"].into_iter().enumerate() {
        let mut phone = Phone::join(&url, &code, name, &dir.path().join(format!("{name}.db")))?;
        let response = phone.response_id()?;
        for item in 1..=6 {
            let score = AnswerInput::score((item + n as i64) % 5 + 1)?;
            phone
                .profile
                .answer(&response, &format!("vision.{item}"), &score)?;
        }
        let bytes = fixture(["Canon_40D.jpg", "DSCN0010.jpg", "DSCN0021.jpg"][n])?;
        photos.insert(phone.add_photo(&bytes, name, None)?, bytes);
        let report = phone.sync()?;
        assert_eq!(report.blobs_uploaded, 1);
        assert_eq!(phone.profile.pending_changes(&url)?, 0);
        phones.push(phone);
    }

    // Edits after the first sync arrive too.
    for phone in &mut phones {
        let response = phone.response_id()?;
        phone
            .profile
            .answer(&response, "attitudes.1", &AnswerInput::score(3)?)?;
        phone.sync()?;
    }

    // A restarted server reads everything back from PostgreSQL.
    assert!(server.terminate()?, "clean stop");
    let server = Server::start_with(&data, "127.0.0.1:0", &["--database", &database])?;
    let url = server.url.clone();
    let mut reader = Phone::facilitator(
        &url,
        &facilitator_token,
        &audit,
        &dir.path().join("facilitator.db"),
    )?;
    reader.sync()?;
    let mut held = reader.profile.response_ids();
    held.sort();
    let mut wanted: Vec<_> = phones
        .iter()
        .map(Phone::response_id)
        .collect::<Result<_>>()?;
    wanted.sort();
    assert_eq!(held, wanted, "exactly the three responses");
    for phone in &phones {
        let id = phone.response_id()?;
        assert_eq!(reader.profile.response(&id)?, phone.profile.response(&id)?);
    }
    for (hash, bytes) in &photos {
        let got = http
            .get(format!("{url}/v1/blobs/{hash}"))
            .bearer_auth(&facilitator_token)
            .send()?;
        assert_eq!(got.status(), StatusCode::OK);
        let got = got.bytes()?;
        assert_eq!(got.as_ref(), bytes.as_slice());
        assert_eq!(&BlobHash::of(&got), hash);
    }
    let listed = admin_with(
        &data,
        &["--database", &database],
        &["list-participants", "--audit", audit.as_str()],
    )?;
    for name in ["Falcon", "Heron", "Lark"] {
        assert!(listed.contains(name), "{name} listed: {listed}");
    }
    Ok(())
}

/// Participants (each on two devices sharing one token) in this test.
const PEOPLE: usize = 3;
/// Edits each device makes, one per sync.
const EDITS: usize = 40;

/// One device's work: an edit, a sync through one instance or the other,
/// repeat. Returns the keys of the edits the server acknowledged.
fn field_work(
    http: &Client,
    urls: &[String; 2],
    device: &mut RawDevice,
    response: &DocumentId,
    label: &str,
    first: usize,
    retries: &Mutex<usize>,
) -> Result<Vec<String>> {
    let mut acknowledged = Vec::new();
    for n in 0..EDITS {
        let key = format!("{label}-{n}");
        let doc = device.docs.entry(response.clone()).or_default();
        doc.put(ROOT, key.as_str(), n as i64)?;
        doc.commit();
        let url = &urls[(n + first) % 2];
        // Every call is retryable; a retry is counted and reported.
        let mut tries = 0;
        loop {
            match device.sync(http, url) {
                Ok(_) => break,
                Err(error) if tries < 5 => {
                    tries += 1;
                    *retries.lock().unwrap_or_else(|p| p.into_inner()) += 1;
                    eprintln!("{label}: sync {n} retried after: {error:#}");
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(error) => return Err(error.context(format!("{label}: sync {n}"))),
            }
        }
        acknowledged.push(key);
    }
    Ok(acknowledged)
}

#[test]
fn two_instances_on_one_database_lose_no_change() -> Result<()> {
    let cluster = Cluster::start()?;
    let database = cluster.create_database("shared")?;
    let dir = tempfile::tempdir()?;
    let data_a = dir.path().join("a");
    let data_b = dir.path().join("b");
    let a = Server::start_with(&data_a, "127.0.0.1:0", &["--database", &database])?;
    let b = Server::start_with(&data_b, "127.0.0.1:0", &["--database", &database])?;
    let urls = [a.url.clone(), b.url.clone()];
    let http = Client::new();
    let facilitator_token = facilitator(&data_a, &database, "Ana")?;
    let audit = create_audit(&http, &urls[1], &facilitator_token, "Shared")?;
    let code = invite(&data_b, &database, &audit, PEOPLE as u32)?;

    // Everyone joins at once, alternating instances; one join too many is refused.
    let barrier = Barrier::new(PEOPLE + 1);
    let joins: Vec<Result<_, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..=PEOPLE)
            .map(|n| {
                let (barrier, code, url) = (&barrier, &code, &urls[n % 2]);
                scope.spawn(move || {
                    barrier.wait();
                    join(
                        cityaudit_core::sync::http::default_transport(),
                        url,
                        &JoinRequest {
                            code: code.clone(),
                            display_name: format!("Walker {n}"),
                            group: "tcn_communities".into(),
                            gender: None,
                        },
                    )
                    .map_err(|e| e.to_string())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("join thread"))
            .collect()
    });
    let joined: Vec<_> = joins.iter().filter_map(|j| j.as_ref().ok()).collect();
    assert_eq!(
        joined.len(),
        PEOPLE,
        "the invite admits exactly {PEOPLE}: {joins:?}"
    );

    // Each person on two devices; all devices edit and sync at once,
    // alternating instances, so one document receives concurrent changes
    // through both (and is compacted on the way).
    let retries = Mutex::new(0usize);
    let started = Instant::now();
    let mut expected: BTreeMap<DocumentId, BTreeSet<String>> = BTreeMap::new();
    let results: Vec<Result<(DocumentId, Vec<String>)>> = std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for (p, person) in joined.iter().enumerate() {
            let response = person.response_doc.clone().context("response doc")?;
            for d in 0..2 {
                let (http, urls, retries) = (&http, &urls, &retries);
                let token = person.token.clone();
                let response = response.clone();
                handles.push(scope.spawn(move || {
                    let mut device = RawDevice::new(&token);
                    let label = format!("p{p}d{d}");
                    // The two devices of one person use opposite instances.
                    let keys = field_work(http, urls, &mut device, &response, &label, d, retries)?;
                    Ok((response, keys))
                }));
            }
        }
        Ok::<_, anyhow::Error>(
            handles
                .into_iter()
                .map(|h| h.join().expect("device thread"))
                .collect(),
        )
    })?;
    let elapsed = started.elapsed();
    for result in results {
        let (response, keys) = result?;
        expected.entry(response).or_default().extend(keys);
    }
    let total: usize = expected.values().map(BTreeSet::len).sum();
    assert_eq!(total, PEOPLE * 2 * EDITS);
    let retries = *retries.lock().unwrap_or_else(|p| p.into_inner());
    eprintln!(
        "two instances: {} devices made {total} edits and {total} syncs in {:.2}s \
         ({:.0} syncs/s), {retries} retried",
        PEOPLE * 2,
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
    );

    // Whichever instance a facilitator asks, every acknowledged edit is there.
    for url in &urls {
        let mut reader = RawDevice::new(&facilitator_token);
        reader.sync(&http, url)?;
        let mut found = 0;
        for (response, keys) in &expected {
            let doc = reader.docs.get(response).context("response synced")?;
            let held: BTreeSet<String> = doc.keys(ROOT).collect();
            let missing: Vec<_> = keys.difference(&held).collect();
            assert!(missing.is_empty(), "{url}: {response} misses {missing:?}");
            found += keys.len();
        }
        assert_eq!(found, total, "{url}: every change counted");
        let audit_doc = reader.docs.get(&audit).context("audit synced")?.clone();
        let roster = AuditDocument::from_automerge(audit_doc).read()?;
        assert_eq!(
            roster.roster().count(),
            PEOPLE,
            "{url}: every join in the roster"
        );
    }

    // The documents were compacted on the way (64 rows at most stay in a
    // tail), through both instances at once, and nothing went missing.
    let storage = PostgresStorage::open(&database, None)?;
    let mut tx = storage.begin()?;
    for response in expected.keys() {
        let stored = tx.load_document(response)?.context("stored")?;
        eprintln!(
            "{response}: {} change rows left of {} appended",
            stored.change_seqs.len(),
            2 * EDITS
        );
        assert!(stored.change_seqs.len() < 2 * EDITS, "compacted");
    }
    drop(tx);

    // A device of each person that held nothing gets the whole document.
    for person in &joined {
        let response = person.response_doc.clone().context("response doc")?;
        let mut fresh = RawDevice::new(&person.token);
        fresh.sync(&http, &urls[0])?;
        let doc: &AutoCommit = fresh.docs.get(&response).context("own response")?;
        let held: BTreeSet<String> = doc.keys(ROOT).collect();
        if held != expected[&response] {
            bail!(
                "{response}: fresh device holds {} of {}",
                held.len(),
                expected[&response].len()
            );
        }
    }
    Ok(())
}

//! webbench: figures of the browser participant app in a phone-emulating
//! headless Chromium against the real sync server (the setup of
//! `tests/tests/e2e_web.rs`), for `docs/benchmarks.md` ("Browser app"):
//!
//! - (a) first-load bytes: every byte the browser received, per request,
//!   counted by a loopback proxy between Chromium and the server (the page,
//!   its worker and the service worker alike), beside what the page's own
//!   `performance` entries report, and `gzip -9` of every file of
//!   `ui/dist-web`;
//! - (b) time to interactive from the cache with the server stopped:
//!   navigation start to the checklist on screen, timed in the page;
//! - (c) tap to durable: a real tap on a score button to the statement's
//!   "saved" mark (the backend's answer, after SQLite on OPFS has it), timed
//!   in the page;
//! - (d) the one-minute stop: the taps and scrolling a person needs to
//!   record a stop and score its ten statements, and the time they take.
//!
//! Run by hand (not part of the tests):
//!
//! ```sh
//! ./scripts/build-web
//! cargo build -p cityaudit-sync -p cityaudit-tests --bin webbench
//! target/debug/webbench            # --taps 400 --reloads 9
//! ```

#[cfg(target_os = "linux")]
fn main() -> anyhow::Result<()> {
    bench::run()
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("webbench runs on Linux only (it finds Chromium's processes in /proc)");
}

#[cfg(target_os = "linux")]
mod bench {
    use anyhow::{bail, ensure, Context, Result};
    use clap::Parser;
    use serde_json::{json, Value};
    use std::path::Path;
    use std::time::{Duration, Instant};

    use cityaudit_tests::browser::{
        press, serve_app, web_app_dir, ChromeDriver, WebAudit, PHONE_HEIGHT, PHONE_WIDTH,
    };
    use cityaudit_tests::webdriver::{testid, Session};
    use cityaudit_tests::window::{choose, type_into, SHORT};

    use super::proxy::CountingProxy;

    const LONG: Duration = Duration::from_secs(90);

    #[derive(Parser)]
    #[command(about = "Figures of the browser participant app in a phone-emulating Chromium")]
    struct Args {
        /// Score taps timed for tap-to-durable.
        #[arg(long, default_value_t = 240)]
        taps: usize,
        /// Reloads from the cache timed for time to interactive.
        #[arg(long, default_value_t = 7)]
        reloads: usize,
        /// Extra first loads, each in a fresh browser profile, counted in bytes.
        #[arg(long, default_value_t = 5)]
        first_loads: usize,
    }

    /// Set in every new document before the app's scripts run: the moment
    /// (ms after navigation start) each watched element first appears.
    const FIRST_SEEN: &str = r#"
        window.__firstSeen = {};
        const watched = ['overall-progress', 'join-link-ok', 'join-name'];
        const look = () => {
            for (const id of watched) {
                if (!(id in window.__firstSeen) &&
                    document.querySelector(`[data-testid="${id}"]`)) {
                    window.__firstSeen[id] = performance.now();
                }
            }
        };
        new MutationObserver(look).observe(document, {childList: true, subtree: true});
    "#;

    /// Times each score tap: a capture-phase click listener notes the tap,
    /// a MutationObserver the first new "saved" mark of that statement with
    /// no save running.
    const TAP_TIMER: &str = r#"
        if (!window.__taps) {
            window.__taps = {times: [], shown: [], pending: null};
            document.addEventListener('click', (event) => {
                const button = event.target.closest('[data-testid^="score-"]');
                if (!button) return;
                const item = button.dataset.testid.replace(/^score-/, '').replace(/-\d+$/, '');
                const saved = `[data-testid="saved-${item}"]`;
                const li = button.closest('li');
                window.__taps.pending = {saved, li, old: document.querySelector(saved), t0: performance.now(), saving: null};
            }, true);
            new MutationObserver(() => {
                const p = window.__taps.pending;
                if (!p) return;
                const now = performance.now();
                if (p.saving === null && p.li.querySelector('.saving')) p.saving = now - p.t0;
                const mark = document.querySelector(p.saved);
                if (mark && mark !== p.old && !mark.closest('li').querySelector('.saving')) {
                    window.__taps.times.push(now - p.t0);
                    window.__taps.shown.push(p.saving === null ? NaN : p.saving);
                    window.__taps.pending = null;
                }
            }).observe(document.body, {childList: true, subtree: true, attributes: true});
        }
    "#;

    pub fn run() -> Result<()> {
        let args = Args::parse();
        let app = web_app_dir()?;
        let temp = tempfile::tempdir()?;
        let data = temp.path().join("server");
        let profile = temp.path().join("chromium-profile");
        let server = serve_app(&data, "127.0.0.1:0", &app)?;
        let address = server.address().to_owned();
        let proxy = CountingProxy::start(&address)?;
        // The browser reaches the server only through the proxy: the invite
        // names the proxy's address.
        let proxied = WebAudit::create_for(&server, "Bench walk", &proxy.url)?;
        let driver = ChromeDriver::start()?;
        let session = driver.phone(&profile, &proxy.url)?;
        session.chrome_devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": FIRST_SEEN }),
        )?;

        println!("# Browser app figures");
        println!(
            "Chromium {} headless, phone emulation {PHONE_WIDTH}x{PHONE_HEIGHT} @3x, touch; \
             server and browser on this machine (loopback).\n",
            session
                .execute("return navigator.userAgentData ? navigator.userAgentData.brands.map(b => b.brand + ' ' + b.version).join(', ') : navigator.userAgent", vec![])?
        );

        // (a) First load.
        first_load(&session, &proxy, &proxied.link, &app)?;
        repeat_first_loads(
            &driver,
            &proxy,
            &proxied.link,
            temp.path(),
            args.first_loads,
        )?;

        // Join, so the checklist is the start screen from now on.
        type_into(&session, "join-name", "Bench")?;
        choose(&session, "join-group", "ngos")?;
        press(&session, "join-accept-terms")?;
        press(&session, "join-submit")?;
        session.wait_for(&testid("overall-progress"), LONG)?;

        // (c) Tap to durable.
        tap_to_durable(&session, args.taps)?;

        // (d) The one-minute stop.
        one_minute_stop(&session)?;

        // (b) Time to interactive from the cache, the server stopped.
        server.kill()?;
        from_cache(&session, &proxy.url, args.reloads)?;

        session.quit()?;
        drop(driver);
        drop(proxy);
        Ok(())
    }

    fn first_load(session: &Session, proxy: &CountingProxy, link: &str, app: &Path) -> Result<()> {
        proxy.reset();
        let started = Instant::now();
        session.navigate(link)?;
        session.wait_for(&testid("join-link-ok"), LONG)?;
        let shown = started.elapsed();
        // The service worker has installed (precached) and activated.
        let ready = session.execute_async(
            "const done = arguments[arguments.length - 1];\
             navigator.serviceWorker.ready.then(async (r) => {\
               while (r.active.state !== 'activated') await new Promise(ok => setTimeout(ok, 20));\
               const keys = await caches.keys();\
               let files = 0;\
               for (const k of keys) files += (await (await caches.open(k)).keys()).length;\
               done({files, controlled: navigator.serviceWorker.controller !== null});\
             });",
            vec![],
        )?;
        let settled = started.elapsed();
        // Let stragglers (icons, the manifest) finish before counting.
        std::thread::sleep(Duration::from_millis(500));
        let exchanges = proxy.exchanges();
        let entries = session.execute(
            "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]\
               .map(e => ({name: e.name, encoded: e.encodedBodySize, transfer: e.transferSize, decoded: e.decodedBodySize}))",
            vec![],
        )?;
        let seen = session.execute("return window.__firstSeen", vec![])?;

        println!("## (a) First load\n");
        println!(
            "Invite link opened to the join form shown: {:.2} s (in page: {} ms after navigation start); \
             service worker activated with {} cached files after {:.2} s.\n",
            shown.as_secs_f64(),
            seen["join-link-ok"].as_f64().unwrap_or(f64::NAN).round(),
            ready["files"],
            settled.as_secs_f64()
        );
        println!("What the browser received (proxy count; body as sent, encoding as the server chose):\n");
        println!("| request | status | encoding | body bytes | with headers |");
        println!("|---|---|---|---|---|");
        let mut body_total = 0;
        let mut wire_total = 0;
        for exchange in &exchanges {
            println!(
                "| `{}` | {} | {} | {} | {} |",
                exchange.request,
                exchange.status,
                exchange.encoding.as_deref().unwrap_or("identity"),
                exchange.body_bytes,
                exchange.body_bytes + exchange.head_bytes
            );
            body_total += exchange.body_bytes;
            wire_total += exchange.body_bytes + exchange.head_bytes;
        }
        println!(
            "| **total** ({} requests) | | | **{body_total}** | {wire_total} |\n",
            exchanges.len()
        );
        // The same requests answered with the build's gzip copies (a browser
        // that does not accept brotli).
        let mut as_gzip = 0;
        for exchange in exchanges.iter().filter(|e| e.status == 200) {
            let path = exchange.request.split(' ').nth(1).unwrap_or_default();
            let path = path.split('?').next().unwrap_or_default();
            let relative = path.trim_start_matches("/app/");
            let file = if relative.is_empty() || !relative.contains('.') {
                app.join("index.html")
            } else {
                app.join(relative)
            };
            let gz = file.with_file_name(format!(
                "{}.gz",
                file.file_name().unwrap_or_default().to_string_lossy()
            ));
            as_gzip += std::fs::metadata(&gz)
                .or_else(|_| std::fs::metadata(&file))
                .map(|m| m.len())
                .unwrap_or(exchange.body_bytes);
        }
        println!(
            "The same requests answered with the build's `.gz` copies (a browser without \
             brotli): {as_gzip} body bytes.\n"
        );
        let mut once: std::collections::BTreeMap<String, u64> = Default::default();
        for exchange in &exchanges {
            let path = exchange.request.split(' ').nth(1).unwrap_or_default();
            let path = path.split('?').next().unwrap_or_default().to_owned();
            let entry = once.entry(path).or_default();
            *entry = (*entry).max(exchange.body_bytes);
        }
        let unique: u64 = once.values().sum();
        println!(
            "Each distinct file counted once: {unique} bytes ({} files); fetched more than once: {} bytes.\n",
            once.len(),
            body_total - unique
        );

        let Value::Array(entries) = entries else {
            bail!("performance entries: {entries}");
        };
        let encoded: u64 = entries.iter().filter_map(|e| e["encoded"].as_u64()).sum();
        println!(
            "The page's own `performance` entries (navigation + resources; the worker's \
             WebAssembly and the service worker's precache are not among them): {} entries, \
             encodedBodySize sum {encoded} bytes.\n",
            entries.len()
        );

        println!("`gzip -9` of each file of ui/dist-web (precompressed copies left out):\n");
        println!("| file | bytes | gzip -9 |");
        println!("|---|---|---|");
        let mut raw_total = 0;
        let mut gzip_total = 0;
        for (name, raw, gzipped) in gzip_sizes(app)? {
            println!("| `{name}` | {raw} | {gzipped} |");
            raw_total += raw;
            gzip_total += gzipped;
        }
        println!("| **all** | {raw_total} | **{gzip_total}** |\n");
        Ok(())
    }

    /// Loads the app from the invite `runs` times, each in a fresh profile
    /// (nothing cached), and prints the bytes each first load received.
    fn repeat_first_loads(
        driver: &ChromeDriver,
        proxy: &CountingProxy,
        link: &str,
        temp: &Path,
        runs: usize,
    ) -> Result<()> {
        if runs == 0 {
            return Ok(());
        }
        let mut totals = Vec::new();
        for run in 0..runs {
            let session = driver.phone(&temp.join(format!("first-load-{run}")), &proxy.url)?;
            proxy.reset();
            session.navigate(link)?;
            session.wait_for(&testid("join-link-ok"), LONG)?;
            session.execute_async(
                "const done = arguments[arguments.length - 1];\
                 navigator.serviceWorker.ready.then(async (r) => {\
                   while (r.active.state !== 'activated') await new Promise(ok => setTimeout(ok, 20));\
                   done(true);\
                 });",
                vec![],
            )?;
            std::thread::sleep(Duration::from_millis(500));
            let exchanges = proxy.exchanges();
            let body: u64 = exchanges.iter().map(|e| e.body_bytes).sum();
            let wasm = exchanges
                .iter()
                .filter(|e| e.request.contains(".wasm") && e.status == 200)
                .count();
            totals.push((body, wasm, exchanges.len()));
            session.quit()?;
        }
        println!("First loads in fresh profiles ({runs} more): ");
        for (body, wasm, requests) in &totals {
            println!("- {body} body bytes in {requests} requests, the WebAssembly fetched {wasm} time(s)");
        }
        println!();
        Ok(())
    }

    /// Every file of the build (not the `.gz`/`.br` copies, not source maps),
    /// its size and its `gzip -9` size.
    fn gzip_sizes(app: &Path) -> Result<Vec<(String, u64, u64)>> {
        let mut files = Vec::new();
        let mut folders = vec![app.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let name = path.strip_prefix(app)?.to_string_lossy().into_owned();
                if [".gz", ".br", ".map"].iter().any(|ext| name.ends_with(ext)) {
                    continue;
                }
                let raw = std::fs::metadata(&path)?.len();
                let output = std::process::Command::new("gzip")
                    .args(["-9", "-c"])
                    .arg(&path)
                    .output()
                    .context("running gzip")?;
                ensure!(output.status.success(), "gzip -9 {name} failed");
                files.push((name, raw, output.stdout.len() as u64));
            }
        }
        files.sort();
        Ok(files)
    }

    fn percentile(sorted: &[f64], p: f64) -> f64 {
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn tap_to_durable(session: &Session, taps: usize) -> Result<()> {
        session.execute(TAP_TIMER, vec![])?;
        let items: Vec<String> = (1..=8)
            .map(|n| format!("vision.{n}"))
            .chain((1..=7).map(|n| format!("participation.{n}")))
            .collect();
        let started = Instant::now();
        for tap in 0..taps {
            let item = &items[tap % items.len()];
            // Each round gives every statement a new score, so every tap is a change.
            let score = (tap / items.len()) % 5 + 1;
            let id = format!("score-{item}-{score}");
            let button = session.wait_for(&testid(&id), SHORT)?;
            session.execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![button.as_argument()],
            )?;
            button
                .click()
                .with_context(|| format!("tap {tap} on {id}"))?;
            let count = session.execute_async(
                "const [want, done] = arguments;\
                 const check = () => window.__taps.times.length >= want ? done(window.__taps.times.length) : setTimeout(check, 2);\
                 check();",
                vec![json!(tap + 1)],
            )?;
            ensure!(count == json!(tap + 1), "tap {tap} timed: {count}");
        }
        let wall = started.elapsed();
        let read = |name: &str| -> Result<Vec<f64>> {
            let values = session.execute(&format!("return window.__taps.{name}"), vec![])?;
            let mut values: Vec<f64> = values
                .as_array()
                .context("tap times")?
                .iter()
                .filter_map(Value::as_f64)
                .collect();
            values.sort_by(f64::total_cmp);
            Ok(values)
        };
        let times = read("times")?;
        // The first render after the tap ("saving…"): the page's own share.
        let shown = read("shown")?;
        println!("## (c) Tap to durable\n");
        println!(
            "{} taps on whole-city score buttons (WebDriver clicks; {:.1} s of driving), each \
             timed in the page from the click event to the statement's new \"saved\" mark: \
             p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms, min {:.1} ms.\n",
            times.len(),
            wall.as_secs_f64(),
            percentile(&times, 50.0),
            percentile(&times, 90.0),
            percentile(&times, 99.0),
            times.last().copied().unwrap_or(f64::NAN),
            times.first().copied().unwrap_or(f64::NAN),
        );
        println!(
            "Of which the page's part, the tap to the \"saving\" render ({} taps seen): \
             p50 {:.1} ms, p99 {:.1} ms; the rest is the worker (message, core in \
             WebAssembly, SQLite on OPFS) and the \"saved\" render. Load average during the \
             run: {}.\n",
            shown.len(),
            percentile(&shown, 50.0),
            percentile(&shown, 99.0),
            load_average()
        );
        Ok(())
    }

    fn load_average() -> String {
        std::fs::read_to_string("/proc/loadavg")
            .map(|text| text.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".into())
    }

    /// Where the statement at `selector` sits relative to the part of the
    /// screen a person can see and tap: between the sticky sync bar and the
    /// bottom navigation.
    const BAND: &str = r#"
        const [selector] = arguments;
        const header = document.querySelector('.app-header').getBoundingClientRect();
        const nav = document.querySelector('.app-nav').getBoundingClientRect();
        const top = header.bottom;
        const bottom = Math.min(innerHeight, nav.top > header.bottom ? nav.top : innerHeight);
        const li = document.querySelector(selector).closest('li');
        const box = li.getBoundingClientRect();
        return {top, bottom, liTop: box.top, liBottom: box.bottom, scrollY: window.scrollY};
    "#;

    fn one_minute_stop(session: &Session) -> Result<()> {
        let mut taps = 0;
        let mut typed = 0;
        press(session, "nav-stops")?;
        session.execute("window.scrollTo(0, 0)", vec![])?;
        let before = session.execute("return window.scrollY", vec![])?;
        ensure!(before == json!(0), "the stop screen starts at the top");
        // Recording the stop: add, name of area, specific location, save;
        // each scrolled into sight first when it is not.
        let mut scrolled = 0.0;
        person_tap(session, "stop-add", &mut scrolled)?;
        taps += 1;
        for (field, text) in [("stop-name", "Kapana"), ("stop-location", "Crafts street")] {
            person_tap(session, field, &mut scrolled)?;
            taps += 1;
            session.find(&testid(field))?.send_keys(text)?;
            typed += text.len();
        }
        person_tap(session, "stop-save", &mut scrolled)?;
        taps += 1;
        // The app then scrolls the new stop's card to the top by itself (not counted).
        let card = session.wait_for("[data-testid^=\"stop-card-\"]", SHORT)?;
        let stop_id = card
            .attribute("data-testid")?
            .unwrap_or_default()
            .trim_start_matches("stop-card-")
            .to_owned();
        let record_taps = taps;
        let record_scroll = scrolled;
        let items: Vec<String> = (1..=10).map(|n| format!("environment.{n}")).collect();
        let first = format!("stop-score-{stop_id}-{}-1", items[0]);
        session.wait_for(&testid(&first), SHORT)?;
        let card_selector = testid(&format!("stop-card-{stop_id}"));
        session.wait_until("the app scrolls the new stop into view", SHORT, |s| {
            let top = s.execute(
                "return document.querySelector(arguments[0]).getBoundingClientRect().top",
                vec![json!(card_selector)],
            )?;
            Ok(top
                .as_f64()
                .is_some_and(|top| top < f64::from(PHONE_HEIGHT) / 2.0)
                .then_some(()))
        })?;
        let mut moves = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let score = [4, 3, 5, 2, 4, 3, 1, 4, 5, 3][index];
            let id = format!("stop-score-{stop_id}-{item}-{score}");
            let band = session.execute(BAND, vec![json!(testid(&id))])?;
            let f = |k: &str| band[k].as_f64().unwrap_or(0.0);
            // A thumb scrolls the statement's text up under the bar when any
            // of it (text or buttons) is out of sight, and not otherwise.
            if f("liBottom") > f("bottom") || f("liTop") < f("top") {
                let delta = f("liTop") - f("top") - 8.0;
                let y = scroll_y(session)?;
                session.execute(
                    "window.scrollTo({top: window.scrollY + arguments[0], behavior: 'instant'})",
                    vec![json!(delta)],
                )?;
                let moved = scroll_y(session)? - y;
                scrolled += moved.abs();
                moves.push(moved.round() as i64);
            } else {
                moves.push(0);
            }
            let y = scroll_y(session)?;
            session.find(&testid(&id))?.click()?;
            taps += 1;
            let driver_moved = scroll_y(session)? - y;
            scrolled += driver_moved.abs();
            session.wait_for(&testid(&format!("stop-saved-{stop_id}-{item}")), SHORT)?;
        }
        let score_taps = taps - record_taps;
        let score_scroll = scrolled - record_scroll;
        let statements = items.len() as f64;
        let estimate =
            |taps: usize, scroll: f64| taps as f64 * 1.5 + scroll / 1000.0 + 3.0 * statements;
        println!("## (d) The one-minute stop\n");
        println!(
            "Scoring the ten statements of a just-recorded stop: {score_taps} taps, {:.0} px of \
             scrolling (per statement: {moves:?}); estimate {score_taps} x 1.5 s + {:.1} s \
             scrolling + 10 x 3 s reading = **{:.1} s**.",
            score_scroll,
            score_scroll / 1000.0,
            estimate(score_taps, score_scroll)
        );
        println!(
            "With recording the stop first ({record_taps} taps: add, name field, location \
             field, save; {record_scroll:.0} px of scrolling; {typed} characters typed, not in \
             the formula): {taps} taps, {scrolled:.0} px, **{:.1} s** (+ typing).\n",
            estimate(taps, scrolled)
        );
        Ok(())
    }

    /// Taps `id` as a person would: when it is not fully between the sync
    /// bar and the bottom navigation, scrolls just enough first (added to
    /// `scrolled`).
    fn person_tap(session: &Session, id: &str, scrolled: &mut f64) -> Result<()> {
        let element = session.wait_for(&testid(id), SHORT)?;
        let band = session.execute(
            "const box = arguments[0].getBoundingClientRect();\
             const header = document.querySelector('.app-header').getBoundingClientRect();\
             const nav = document.querySelector('.app-nav').getBoundingClientRect();\
             const bottom = nav.top > header.bottom ? nav.top : innerHeight;\
             return box.bottom > bottom - 8 ? box.bottom - bottom + 8 :\
                    box.top < header.bottom + 8 ? box.top - header.bottom - 8 : 0;",
            vec![element.as_argument()],
        )?;
        let delta = band.as_f64().context("scroll needed")?;
        if delta != 0.0 {
            let y = scroll_y(session)?;
            session.execute(
                "window.scrollTo({top: window.scrollY + arguments[0], behavior: 'instant'})",
                vec![json!(delta)],
            )?;
            *scrolled += (scroll_y(session)? - y).abs();
        }
        let y = scroll_y(session)?;
        element.click().with_context(|| format!("tapping {id}"))?;
        // Any scrolling the driver still did counts too.
        *scrolled += (scroll_y(session)? - y).abs();
        Ok(())
    }

    fn scroll_y(session: &Session) -> Result<f64> {
        session
            .execute("return window.scrollY", vec![])?
            .as_f64()
            .context("scrollY")
    }

    fn from_cache(session: &Session, proxy_url: &str, reloads: usize) -> Result<()> {
        let mut times = Vec::new();
        for _ in 0..reloads {
            session.navigate(&format!("{proxy_url}/app/"))?;
            session.wait_for(&testid("overall-progress"), LONG)?;
            let seen = session.execute("return window.__firstSeen['overall-progress']", vec![])?;
            times.push(seen.as_f64().context("first seen")?);
        }
        let from_sw = session.execute(
            "return performance.getEntriesByType('navigation')[0].deliveryType",
            vec![],
        )?;
        times.sort_by(f64::total_cmp);
        println!("## (b) Time to interactive from the cache\n");
        println!(
            "Server stopped (connections refused); `/app/` opened {reloads} times in the same \
             tab; navigation start to the checklist's progress line on screen, timed in the \
             page: median {:.0} ms (min {:.0}, max {:.0}); navigation delivered from `{from_sw}`.\n",
            percentile(&times, 50.0),
            times.first().copied().unwrap_or(f64::NAN),
            times.last().copied().unwrap_or(f64::NAN),
        );
        Ok(())
    }
}

/// A loopback TCP proxy that counts what the browser receives, per HTTP
/// exchange (HTTP/1.1 without pipelining, as Chromium speaks it here).
#[cfg(target_os = "linux")]
mod proxy {
    use anyhow::Result;
    use std::collections::VecDeque;
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::thread;

    /// One request and what came back for it.
    #[derive(Debug, Clone)]
    pub struct Exchange {
        pub request: String,
        pub status: u16,
        pub encoding: Option<String>,
        pub head_bytes: u64,
        pub body_bytes: u64,
    }

    #[derive(Default)]
    struct Log {
        exchanges: Vec<Exchange>,
    }

    pub struct CountingProxy {
        pub url: String,
        log: Arc<Mutex<Log>>,
    }

    impl CountingProxy {
        /// Listens on a free loopback port and forwards to `upstream` (`host:port`).
        pub fn start(upstream: &str) -> Result<Self> {
            let listener = TcpListener::bind("127.0.0.1:0")?;
            let url = format!("http://{}", listener.local_addr()?);
            let log = Arc::new(Mutex::new(Log::default()));
            let upstream = upstream.to_owned();
            let shared = Arc::clone(&log);
            thread::spawn(move || {
                for client in listener.incoming().flatten() {
                    let upstream = upstream.clone();
                    let log = Arc::clone(&shared);
                    thread::spawn(move || {
                        // A stopped server: the browser's connection is closed, as refused.
                        if let Ok(server) = TcpStream::connect(&upstream) {
                            relay(client, server, log);
                        }
                    });
                }
            });
            Ok(CountingProxy { url, log })
        }

        pub fn reset(&self) {
            self.log.lock().expect("log").exchanges.clear();
        }

        pub fn exchanges(&self) -> Vec<Exchange> {
            self.log.lock().expect("log").exchanges.clone()
        }
    }

    fn relay(client: TcpStream, server: TcpStream, log: Arc<Mutex<Log>>) {
        let requests: Arc<Mutex<VecDeque<String>>> = Arc::default();
        let (Ok(mut client_read), Ok(mut server_write)) = (client.try_clone(), server.try_clone())
        else {
            return;
        };
        let queue = Arc::clone(&requests);
        let upward = thread::spawn(move || {
            let mut parser = Heads::default();
            let mut buffer = vec![0u8; 64 * 1024];
            while let Ok(n) = client_read.read(&mut buffer) {
                if n == 0 || server_write.write_all(&buffer[..n]).is_err() {
                    break;
                }
                for head in parser.feed(&buffer[..n]) {
                    let line = head.lines().next().unwrap_or_default().to_owned();
                    queue.lock().expect("queue").push_back(line);
                }
            }
            let _ = server_write.shutdown(Shutdown::Write);
        });
        let (mut server_read, mut client_write) = (server, client);
        let mut parser = Heads::default();
        let mut buffer = vec![0u8; 64 * 1024];
        while let Ok(n) = server_read.read(&mut buffer) {
            if n == 0 || client_write.write_all(&buffer[..n]).is_err() {
                break;
            }
            parser.feed_responses(&buffer[..n], |status, encoding, head, body| {
                let request = requests
                    .lock()
                    .expect("queue")
                    .pop_front()
                    .unwrap_or_else(|| "?".into());
                log.lock().expect("log").exchanges.push(Exchange {
                    request: request
                        .trim_end_matches(" HTTP/1.1")
                        .trim_end_matches(" HTTP/1.0")
                        .to_owned(),
                    status,
                    encoding,
                    head_bytes: head,
                    body_bytes: body,
                });
            });
        }
        let _ = client_write.shutdown(Shutdown::Both);
        let _ = upward.join();
    }

    /// Splits a byte stream into HTTP messages: heads up to the blank line,
    /// then a body of `Content-Length` bytes (or chunked up to its last chunk).
    #[derive(Default)]
    struct Heads {
        head: Vec<u8>,
        body_left: u64,
        chunked: bool,
        chunk_tail: Vec<u8>,
        current: Option<(u16, Option<String>, u64, u64)>,
    }

    impl Heads {
        /// Request side: returns each complete head (bodies skipped).
        fn feed(&mut self, mut bytes: &[u8]) -> Vec<String> {
            let mut heads = Vec::new();
            while !bytes.is_empty() {
                if self.body_left > 0 {
                    let take = (self.body_left as usize).min(bytes.len());
                    self.body_left -= take as u64;
                    bytes = &bytes[take..];
                    continue;
                }
                self.head.push(bytes[0]);
                bytes = &bytes[1..];
                if self.head.ends_with(b"\r\n\r\n") {
                    let text = String::from_utf8_lossy(&self.head).into_owned();
                    self.body_left = header(&text, "content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    heads.push(text);
                    self.head.clear();
                }
            }
            heads
        }

        /// Response side: calls `done(status, encoding, head bytes, body
        /// bytes)` at the end of each response.
        fn feed_responses(
            &mut self,
            mut bytes: &[u8],
            mut done: impl FnMut(u16, Option<String>, u64, u64),
        ) {
            while !bytes.is_empty() {
                if let Some((status, encoding, head, body)) = self.current.take() {
                    if self.chunked {
                        // Count until the last chunk's `0\r\n\r\n`.
                        let mut consumed = 0;
                        let mut finished = false;
                        for &byte in bytes {
                            consumed += 1;
                            self.chunk_tail.push(byte);
                            if self.chunk_tail.len() > 5 {
                                self.chunk_tail.remove(0);
                            }
                            if self.chunk_tail == b"0\r\n\r\n" {
                                finished = true;
                                break;
                            }
                        }
                        bytes = &bytes[consumed..];
                        let body = body + consumed as u64;
                        if finished {
                            self.chunked = false;
                            self.chunk_tail.clear();
                            done(status, encoding, head, body);
                        } else {
                            self.current = Some((status, encoding, head, body));
                        }
                    } else {
                        let take = (self.body_left as usize).min(bytes.len());
                        self.body_left -= take as u64;
                        bytes = &bytes[take..];
                        let body = body + take as u64;
                        if self.body_left == 0 {
                            done(status, encoding, head, body);
                        } else {
                            self.current = Some((status, encoding, head, body));
                        }
                    }
                    continue;
                }
                self.head.push(bytes[0]);
                bytes = &bytes[1..];
                if self.head.ends_with(b"\r\n\r\n") {
                    let text = String::from_utf8_lossy(&self.head).into_owned();
                    let status: u16 = text
                        .split(' ')
                        .nth(1)
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    let encoding = header(&text, "content-encoding");
                    let head = self.head.len() as u64;
                    self.head.clear();
                    let no_body = status == 304 || status == 204 || (100..200).contains(&status);
                    self.chunked = header(&text, "transfer-encoding")
                        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
                    self.body_left = header(&text, "content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    if no_body || (!self.chunked && self.body_left == 0) {
                        self.chunked = false;
                        done(status, encoding, head, 0);
                    } else {
                        self.current = Some((status, encoding, head, 0));
                    }
                }
            }
        }
    }

    fn header(head: &str, name: &str) -> Option<String> {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

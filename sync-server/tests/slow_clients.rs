//! Slow and idle clients against the real binary over loopback: headers
//! and bodies have deadlines, a body is never read for an unknown token or
//! past its route's limit, and open connections are capped so the server
//! keeps answering.

use anyhow::{Context, Result};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;
use common::{admin, Server};

/// Reads until the server closes the connection or `wait` passes; returns
/// what arrived and whether the connection was closed.
fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Result<(String, bool)> {
    stream.set_read_timeout(Some(wait))?;
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return Ok((String::from_utf8_lossy(&received).into_owned(), true)),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok((String::from_utf8_lossy(&received).into_owned(), false))
            }
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                return Ok((String::from_utf8_lossy(&received).into_owned(), true))
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// The status line's code of a raw HTTP response.
fn status(response: &str) -> Option<u16> {
    response.split_whitespace().nth(1)?.parse().ok()
}

/// Sends a request head (and `body`) without finishing the declared body.
fn send_head(server: &Server, head: &str, body: &[u8]) -> Result<TcpStream> {
    let mut stream = TcpStream::connect(server.address())?;
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    Ok(stream)
}

#[test]
fn headers_sent_one_line_at_a_time_are_cut_off() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("data"), &[])?;
    let mut stream = TcpStream::connect(server.address())?;
    stream.write_all(b"POST /v1/sync HTTP/1.1\r\nHost: x\r\n")?;
    let started = Instant::now();
    let mut closed = false;
    for line in 0..15 {
        std::thread::sleep(Duration::from_secs(2));
        if stream
            .write_all(format!("X-Slow-{line}: still here\r\n").as_bytes())
            .is_err()
        {
            closed = true;
            break;
        }
        let (_, gone) = read_until_closed(&mut stream, Duration::from_millis(10))?;
        if gone {
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "the connection was still open after 30 s of headers"
    );
    assert!(
        started.elapsed() < Duration::from_secs(16),
        "{:?}",
        started.elapsed()
    );
    Ok(())
}

#[test]
fn a_body_is_not_read_for_an_unknown_token_or_past_the_routes_limit() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("data"), &[])?;
    // 8 MiB declared, nothing sent: the answer comes at once.
    let mut sync = send_head(
        &server,
        "POST /v1/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer not-a-token\r\n\
         Content-Type: application/json\r\nContent-Length: 8388608\r\n\r\n",
        b"",
    )?;
    let (answer, _) = read_until_closed(&mut sync, Duration::from_secs(3))?;
    assert_eq!(status(&answer), Some(401), "{answer}");
    let mut join = send_head(
        &server,
        "POST /v1/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: 8388608\r\n\r\n",
        b"{",
    )?;
    let (answer, _) = read_until_closed(&mut join, Duration::from_secs(3))?;
    assert_eq!(status(&answer), Some(413), "{answer}");
    assert!(answer.contains("16384 bytes"), "{answer}");
    Ok(())
}

#[test]
fn a_body_that_stalls_gets_408_and_a_known_token_is_still_served() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data)?;
    let token = admin(&data, &["create-facilitator", "--name", "Ana"])?
        .trim()
        .to_owned();
    let server = Server::start(&data, &[])?;
    let head = format!(
        "POST /v1/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    );
    let started = Instant::now();
    let mut stalled = send_head(&server, &head, b"{\"documents\":")?;
    let (answer, _) = read_until_closed(&mut stalled, Duration::from_secs(30))?;
    assert_eq!(status(&answer), Some(408), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(started.elapsed() >= Duration::from_secs(19));
    let body = br#"{"documents":[]}"#;
    let head = format!(
        "POST /v1/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut whole = send_head(&server, &head, body)?;
    let (answer, _) = read_until_closed(&mut whole, Duration::from_secs(5))?;
    assert_eq!(status(&answer), Some(200), "{answer}");
    Ok(())
}

#[test]
fn connections_over_the_cap_are_closed_and_the_server_recovers_from_idle_ones() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("data"), &["--max-connections", "20"])?;
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(server.address()))
        .collect::<std::io::Result<_>>()?;
    std::thread::sleep(Duration::from_millis(300));
    let mut over = TcpStream::connect(server.address())?;
    let (_, closed) = read_until_closed(&mut over, Duration::from_secs(3))?;
    assert!(closed, "a connection over the cap is closed at once");
    // The idle ones time out with the header deadline; then the server answers.
    let deadline = Instant::now() + Duration::from_secs(20);
    let answered = loop {
        let mut probe = send_head(
            &server,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"",
        )
        .context("connect")?;
        let (answer, _) = read_until_closed(&mut probe, Duration::from_secs(2))?;
        if status(&answer) == Some(200) || Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(status(&answered), Some(200), "{answered}");
    drop(idle);
    Ok(())
}

//! Joining an audit from a device: read the invite (a typed code or a
//! `cityaudit://join?server=…&code=…` link), redeem it, fetch the audit
//! document, create the participant's response and send it.

use super::client::{join, SyncClient, SyncError};
use super::protocol::{InviteCode, JoinRequest, Role};
use crate::model::{normalize_gender, NewParticipant};
use crate::profile::{Profile, Session};

/// What a person enters on the join screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinForm {
    /// A pasted or scanned invite link, instead of server + code.
    pub link: Option<String>,
    /// Server URL, when no link is given.
    pub server: Option<String>,
    /// Invite code, when no link is given.
    pub code: Option<String>,
    /// Display name (a pseudonym is fine).
    pub display_name: String,
    /// Participant group id.
    pub group: String,
    /// Optional self-described gender.
    pub gender: Option<String>,
    /// The photovoice usage terms were accepted.
    pub accept_photo_terms: bool,
    /// Photos share their location by default (each photo may choose
    /// otherwise); only with the terms accepted.
    pub share_photo_locations: bool,
}

/// Why a join form cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InviteError {
    /// The link is not a cityaudit invite link.
    #[error("this is not a cityaudit invite link (it starts with cityaudit://join? or ends in /app/join?code=…)")]
    NotALink,
    /// The server address is missing or not http(s).
    #[error("the server address must start with http:// or https://")]
    BadServer,
    /// The code has the wrong characters or length.
    #[error("the invite code {0:?} is not valid: it has 8 letters and digits, like K7QX-M2PA")]
    BadCode(String),
}

/// Splits an invite into the server URL and the code.
pub fn read_invite(form: &JoinForm) -> Result<(String, InviteCode), InviteError> {
    let link = form
        .link
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let (server, code) = match link {
        Some(link) => parse_join_link(link)?,
        None => (
            form.server.clone().unwrap_or_default(),
            form.code.clone().unwrap_or_default(),
        ),
    };
    let server = server.trim().trim_end_matches('/').to_owned();
    let scheme_ok = server.starts_with("http://") || server.starts_with("https://");
    if !scheme_ok || server.len() <= "https://".len() {
        return Err(InviteError::BadServer);
    }
    let code =
        InviteCode::parse(&code).ok_or_else(|| InviteError::BadCode(code.trim().to_owned()))?;
    Ok((server, code))
}

/// Reads an invite link: `cityaudit://join?server=URL&code=CODE` (server
/// percent-encoded), or the browser form `http(s)://HOST[/PREFIX]/app/join?code=CODE`
/// whose server is everything before `/app/join`.
pub fn parse_join_link(link: &str) -> Result<(String, String), InviteError> {
    let link = link.trim();
    let (mut server, query) = match link.strip_prefix("cityaudit://join?") {
        Some(query) => (None, query),
        None => {
            let web = link.starts_with("https://") || link.starts_with("http://");
            let (base, query) = link
                .split_once("/app/join?")
                .filter(|_| web)
                .ok_or(InviteError::NotALink)?;
            (Some(base.to_owned()), query)
        }
    };
    let mut code = None;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value).ok_or(InviteError::NotALink)?;
        match key {
            "server" if server.is_none() => server = Some(value),
            "code" => code = Some(value),
            _ => {}
        }
    }
    Ok((
        server.ok_or(InviteError::BadServer)?,
        code.ok_or_else(|| InviteError::BadCode(String::new()))?,
    ))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Joins an audit: redeems the invite, saves the session, syncs so the audit
/// document arrives, creates the participant's response document, and syncs
/// again so the server holds it. A session that is saved but whose follow-up
/// sync failed is kept: the background sync completes it later.
pub fn join_audit(profile: &mut Profile, form: &JoinForm) -> Result<Session, SyncError> {
    let (server, code) = read_invite(form).map_err(|e| SyncError::Refused(e.to_string()))?;
    let request = JoinRequest {
        code: code.as_str().to_owned(),
        display_name: form.display_name.trim().to_owned(),
        group: form.group.clone(),
        gender: normalize_gender(form.gender.as_deref()),
    };
    let joined = join(profile.transport(), &server, &request)?;
    let session = Session::from_join(&server, joined);
    profile.set_session(&session)?;
    profile.set_joining(&NewParticipant {
        display_name: request.display_name.clone(),
        group: request.group.clone(),
        gender: request.gender.clone(),
        accept_photo_terms: form.accept_photo_terms,
        share_photo_locations: form.share_photo_locations,
    })?;
    finish_join(profile)?;
    Ok(session)
}

/// Completes a join whose response document is not created yet: fetches the
/// audit, creates the response from the saved join details, and syncs.
/// Does nothing when the join is complete or this role has no response.
pub fn finish_join(profile: &mut Profile) -> Result<(), SyncError> {
    let Some(session) = profile.session()? else {
        return Err(SyncError::NotJoined);
    };
    let needs_response = session.role == Role::Participant
        && session
            .response_doc
            .as_ref()
            .is_some_and(|id| !profile.response_ids().contains(id));
    if !needs_response && profile.audit(&session.audit_id).is_ok() {
        return Ok(());
    }
    let client = SyncClient::with_transport(profile.transport(), &session);
    client.sync_once(profile)?;
    if needs_response {
        let Some(joining) = profile.joining()? else {
            return Ok(());
        };
        profile.create_joined_response(&session, &joining)?;
        client.sync_once(profile)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> JoinForm {
        JoinForm {
            display_name: "Falcon".into(),
            group: "ngos".into(),
            ..JoinForm::default()
        }
    }

    #[test]
    fn a_link_gives_the_server_and_code() {
        let link = "cityaudit://join?server=http%3A%2F%2F127.0.0.1%3A8787&code=K7QX-M2PA";
        let (server, code) = read_invite(&JoinForm {
            link: Some(link.into()),
            ..form()
        })
        .expect("valid link");
        assert_eq!(server, "http://127.0.0.1:8787");
        assert_eq!(code.as_str(), "K7QXM2PA");
    }

    #[test]
    fn a_link_made_by_the_server_reads_back() {
        let code = InviteCode::random();
        let link = code.link("https://audit.example.org/city/");
        let (server, read) = read_invite(&JoinForm {
            link: Some(link),
            ..form()
        })
        .expect("valid");
        assert_eq!(server, "https://audit.example.org/city");
        assert_eq!(read, code);
    }

    #[test]
    fn a_browser_link_made_by_the_server_reads_back() {
        let code = InviteCode::random();
        let link = code.web_link("https://audit.example.org/city/");
        assert!(link.starts_with("https://audit.example.org/city/app/join?code="));
        let (server, read) = read_invite(&JoinForm {
            link: Some(link),
            ..form()
        })
        .expect("valid");
        assert_eq!(server, "https://audit.example.org/city");
        assert_eq!(read, code);
        let not_web = JoinForm {
            link: Some("ftp://audit.example.org/app/join?code=K7QXM2PA".into()),
            ..form()
        };
        assert_eq!(read_invite(&not_web), Err(InviteError::NotALink));
    }

    #[test]
    fn typed_server_and_code_are_tidied() {
        let typed = JoinForm {
            server: Some(" http://10.0.0.2:8787/ ".into()),
            code: Some("k7qx m2pa".into()),
            ..form()
        };
        let (server, code) = read_invite(&typed).expect("valid");
        assert_eq!(server, "http://10.0.0.2:8787");
        assert_eq!(code.to_string(), "K7QX-M2PA");
    }

    #[test]
    fn bad_invites_are_refused_in_plain_words() {
        let not_link = JoinForm {
            link: Some("https://example.org".into()),
            ..form()
        };
        assert_eq!(read_invite(&not_link), Err(InviteError::NotALink));
        let no_scheme = JoinForm {
            server: Some("example.org".into()),
            code: Some("K7QXM2PA".into()),
            ..form()
        };
        assert_eq!(read_invite(&no_scheme), Err(InviteError::BadServer));
        let short = JoinForm {
            server: Some("http://example.org".into()),
            code: Some("K7Q".into()),
            ..form()
        };
        assert!(matches!(read_invite(&short), Err(InviteError::BadCode(_))));
        let bad_escape = JoinForm {
            link: Some("cityaudit://join?server=%ZZ&code=K7QXM2PA".into()),
            ..form()
        };
        assert_eq!(read_invite(&bad_escape), Err(InviteError::NotALink));
    }
}

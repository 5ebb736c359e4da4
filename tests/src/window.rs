//! What a person does in the app's window, for the end-to-end tests: tap,
//! type, choose, set a date field, and wait for an attribute. Each waits for
//! its element first, so tests poll for conditions instead of sleeping.

use anyhow::{Context, Result};
use serde_json::json;
use std::time::Duration;

use crate::webdriver::{testid, Element, Session, WebDriverError};

/// How long a step may wait for its element.
pub const SHORT: Duration = Duration::from_secs(15);

/// Clicks like a person; when an overlay or a hidden input refuses the
/// pointer, clicks through the DOM instead (same handlers run).
pub fn tap(session: &Session, element: &Element<'_>) -> Result<()> {
    match element.click() {
        Ok(()) => Ok(()),
        Err(WebDriverError::Driver { error, .. })
            if error == "element click intercepted" || error == "element not interactable" =>
        {
            session.execute(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
                vec![element.as_argument()],
            )?;
            Ok(())
        }
        Err(other) => Err(other.into()),
    }
}

/// Taps the element with `data-testid` `id` once it is there.
pub fn tap_id(session: &Session, id: &str) -> Result<()> {
    let element = session
        .wait_for(&testid(id), SHORT)
        .with_context(|| format!("finding {id}"))?;
    tap(session, &element).with_context(|| format!("tapping {id}"))
}

/// Replaces the text of a field by typing.
pub fn type_into(session: &Session, id: &str, text: &str) -> Result<()> {
    let element = session
        .wait_for(&testid(id), SHORT)
        .with_context(|| format!("finding {id}"))?;
    session.execute(
        "arguments[0].scrollIntoView({block: 'center'})",
        vec![element.as_argument()],
    )?;
    let typed = element.clear().and_then(|()| element.send_keys(text));
    match typed {
        // A controlled field may put its old value back between the clear
        // and the keys (it re-renders on the clear's events); then the
        // text ends up appended: set it the way typing ends instead.
        Ok(()) => match element.property("value")? {
            serde_json::Value::String(value) if value == text => Ok(()),
            _ => set_field(session, id, text),
        },
        // A field WebKitWebDriver deems not interactable (e.g. under the
        // sticky header) is filled the way typing ends: value, then `input`.
        Err(WebDriverError::Driver { error, .. }) if error == "element not interactable" => {
            set_field(session, id, text)
        }
        Err(other) => Err(other).with_context(|| format!("typing into {id}")),
    }
}

/// Sets a field the keyboard cannot fill reliably through WebDriver (date
/// and time pickers) the way the picker does: the value, then `input`.
pub fn set_field(session: &Session, id: &str, value: &str) -> Result<()> {
    let element = session
        .wait_for(&testid(id), SHORT)
        .with_context(|| format!("finding {id}"))?;
    session.execute(
        "const [field, value] = arguments;\
         const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;\
         const setter = Object.getOwnPropertyDescriptor(proto, 'value').set;\
         setter.call(field, value);\
         field.dispatchEvent(new Event('input', {bubbles: true}));\
         field.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![element.as_argument(), json!(value)],
    )?;
    Ok(())
}

/// Picks an option of a `<select>` by value, as a person would.
pub fn choose(session: &Session, select_id: &str, value: &str) -> Result<()> {
    let option = session
        .wait_for(
            &format!("{} option[value=\"{value}\"]", testid(select_id)),
            SHORT,
        )
        .with_context(|| format!("option {value} of {select_id}"))?;
    // WebKitWebDriver may refuse to click an option of a closed list.
    let clicked = option.click().is_ok();
    let chosen = session.find(&testid(select_id))?.property("value")?;
    if !clicked || chosen.as_str() != Some(value) {
        session.execute(
            "const s = arguments[0]; s.value = arguments[1];\
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![
                session.find(&testid(select_id))?.as_argument(),
                json!(value),
            ],
        )?;
    }
    Ok(())
}

/// The value of an attribute of the element with `data-testid` `id`.
pub fn attribute_of(
    session: &Session,
    id: &str,
    name: &str,
) -> Result<Option<String>, WebDriverError> {
    session.find(&testid(id))?.attribute(name)
}

/// Waits until the element's attribute has the wanted value.
pub fn wait_attribute(
    session: &Session,
    id: &str,
    name: &str,
    wanted: &str,
    timeout: Duration,
) -> Result<()> {
    session
        .wait_until(&format!("{id} {name}={wanted}"), timeout, |s| {
            Ok((attribute_of(s, id, name)?.as_deref() == Some(wanted)).then_some(()))
        })
        .with_context(|| {
            let seen = attribute_of(session, id, name).ok().flatten();
            format!("{id} has {name}={seen:?}")
        })
}

/// The text of the element with `data-testid` `id`, once it is there.
pub fn text_of(session: &Session, id: &str, timeout: Duration) -> Result<String> {
    Ok(session
        .wait_for(&testid(id), timeout)
        .with_context(|| format!("finding {id}"))?
        .text()?)
}

/// Fills the join form: the invite link, a pseudonym, a group, the
/// accepted terms and photo locations shared (not submitted yet, so a test
/// can look at it first).
pub fn fill_join_form(session: &Session, link: &str, name: &str, group: &str) -> Result<()> {
    type_into(session, "join-link", link)?;
    session.wait_for(&testid("join-link-ok"), SHORT)?;
    type_into(session, "join-name", name)?;
    choose(session, "join-group", group)?;
    tap_id(session, "join-accept-terms")?;
    tap_id(session, "join-share-locations")
}

/// Submits the join form and waits up to `timeout` for the element
/// `landing` of the first screen after joining; a failure names the error
/// the join screen shows.
pub fn submit_join(session: &Session, landing: &str, timeout: Duration) -> Result<()> {
    tap_id(session, "join-submit")?;
    session
        .wait_for(&testid(landing), timeout)
        .map_err(|error| {
            let shown = session
                .find(&testid("join-error"))
                .and_then(|e| e.text())
                .unwrap_or_default();
            anyhow::anyhow!("{error}; join error shown: {shown:?}")
        })?;
    Ok(())
}

/// Hands a JPEG to the file input `input_id`: the same `change` event a
/// person's pick fires, with the file's bytes.
pub fn pick_file(session: &Session, input_id: &str, name: &str, bytes: &[u8]) -> Result<()> {
    pick_file_of_type(session, input_id, name, "image/jpeg", bytes)
}

/// Hands a file of media type `mime` (e.g. a base map package or a GPX
/// track) to the file input `input_id`, as [`pick_file`] does.
pub fn pick_file_of_type(
    session: &Session,
    input_id: &str,
    name: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<()> {
    use base64::Engine;
    let input = session.wait_for(&testid(input_id), SHORT)?;
    session
        .execute(
            "const [input, name, type, data] = arguments;\
             const raw = atob(data); const bytes = new Uint8Array(raw.length);\
             for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);\
             const transfer = new DataTransfer();\
             transfer.items.add(new File([bytes], name, {type}));\
             input.files = transfer.files;\
             input.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![
                input.as_argument(),
                json!(name),
                json!(mime),
                json!(base64::engine::general_purpose::STANDARD.encode(bytes)),
            ],
        )
        .with_context(|| format!("picking {name}"))?;
    Ok(())
}

//! Share links: `<page url>#s=<payload>`, where the payload is base64url (no padding) of the
//! raw DEFLATE of the scenario's JSON. Decoding accepts a whole URL, a `#s=...` fragment, the
//! bare payload or the JSON text itself; it is bounded (the link's length and the inflated
//! size are limited) and never panics.

use super::deflate::{compress, inflate, InflateError};
use super::error::ScenarioError;
use super::format::Scenario;
use super::validate::{validate, MAX_JSON_BYTES, MAX_LINK_BYTES};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The payload of a share link for `scenario` (no `#s=`; the page adds its own URL).
pub fn encode_link_payload(scenario: &Scenario) -> String {
    let json = scenario.to_json();
    let compressed = compress(json.as_bytes());
    base64url_encode(&compressed)
}

/// Reads a scenario from a link, a fragment, a payload or JSON text, then checks every limit.
pub fn decode_scenario_text(text: &str) -> Result<Scenario, ScenarioError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ScenarioError::Empty);
    }
    let json = if text.starts_with('{') || text.starts_with('[') {
        if text.len() > MAX_JSON_BYTES {
            return Err(ScenarioError::TooLarge {
                what: "the scenario's JSON",
                size: Some(text.len()),
                limit: MAX_JSON_BYTES,
            });
        }
        text.to_string()
    } else {
        if text.len() > MAX_LINK_BYTES {
            return Err(ScenarioError::TooLarge {
                what: "the link",
                size: Some(text.len()),
                limit: MAX_LINK_BYTES,
            });
        }
        let payload = link_payload(text)?;
        if payload.is_empty() {
            return Err(ScenarioError::NoScenarioInLink);
        }
        let bare = payload.len() == text.len(); // no `#`, no `s=`: maybe not meant as a link
        let compressed = base64url_decode(payload).map_err(|error| match error {
            ScenarioError::Base64 { position } if bare => ScenarioError::NotScenario { position },
            ScenarioError::Incomplete if bare => ScenarioError::NotScenario {
                position: payload.chars().count(),
            },
            other => other,
        })?;
        let bytes = inflate(&compressed, MAX_JSON_BYTES).map_err(|error| match error {
            InflateError::TooLarge => ScenarioError::TooLarge {
                what: "the scenario's JSON once decompressed",
                size: None,
                limit: MAX_JSON_BYTES,
            },
            InflateError::Malformed => ScenarioError::Compression,
            InflateError::Truncated => ScenarioError::Incomplete,
            InflateError::TrailingData => ScenarioError::ExtraData,
        })?;
        String::from_utf8(bytes).map_err(|_| ScenarioError::NotText)?
    };
    let value = crate::json::parse(&json).map_err(|e| ScenarioError::Json(e.to_string()))?;
    let scenario = Scenario::from_json_value(value)?;
    validate(&scenario)?;
    Ok(scenario)
}

/// The payload inside a link: after `s=` in the fragment, or the text itself.
fn link_payload(text: &str) -> Result<&str, ScenarioError> {
    let fragment = match text.find('#') {
        Some(at) => &text[at + 1..],
        None if text.as_bytes().windows(3).any(|part| part == b"://") => {
            return Err(ScenarioError::NoScenarioInLink)
        }
        None => match text.strip_prefix("s=") {
            Some(payload) => return Ok(payload),
            None => return Ok(text),
        },
    };
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix("s="))
        .ok_or(ScenarioError::NoScenarioInLink)
}

/// Base64url without padding (the alphabet of share links; public for tools and tests that
/// build links by hand).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |word, (i, &byte)| {
            word | u32::from(byte) << (16 - 8 * i)
        });
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(word >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Base64url with or without padding; the error gives the 1-based position of the first
/// character that cannot be there, or says the text stops inside a byte.
pub(crate) fn base64url_decode(text: &str) -> Result<Vec<u8>, ScenarioError> {
    let body = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let (mut word, mut bits) = (0u32, 0u32);
    for (position, c) in body.chars().enumerate() {
        let value = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => {
                return Err(ScenarioError::Base64 {
                    position: position + 1,
                })
            }
        };
        word = (word << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((word >> bits) as u8);
            word &= (1 << bits) - 1;
        }
    }
    if body.chars().count() % 4 == 1 {
        return Err(ScenarioError::Incomplete); // one character left over: no byte ends there
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{base64url_decode, base64url_encode};

    #[test]
    fn base64url_round_trips_every_length() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 0..40 {
            let encoded = base64url_encode(&bytes[..len]);
            assert!(!encoded.contains('='));
            assert_eq!(base64url_decode(&encoded).unwrap(), &bytes[..len]);
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
    }
}

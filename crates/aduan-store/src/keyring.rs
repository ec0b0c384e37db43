//! Identities at rest: the deployment's keyring, the sealed form of a reporter's identity and
//! the keyed blind index through which a phone number, an e-mail address or a chat handle is
//! looked up without being stored.
//!
//! The keyring's text is one or more keys (32 bytes in standard base64), one per line or
//! separated by spaces or commas; `#` starts a comment. The first key is the current one: new
//! identities are sealed with it. The others are older keys that still open what they sealed
//! until `aduan keys rotate` has sealed it again with the current one. The last key is also the
//! deployment key ([`DeploymentKey`]) that seals outbox secrets and signs reply addresses, so a
//! rotation never breaks an answer to a mail already sent.
//!
//! Each key is never used directly for identities: a sealing key and an index key are derived
//! from it with HMAC-SHA256 under fixed labels. An identity is sealed with XChaCha20-Poly1305
//! under a random nonce, with the reporter's id and the key's id as associated data, so a
//! sealed identity copied into another row no longer opens.

use crate::DeploymentKey;
use aduan_domain::report::ReporterIdentity;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit as _, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, KeyInit, Mac};
use sha2_hmac::Sha256;
use zeroize::Zeroizing;

/// Why a keyring or a sealed identity was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// The text holds no key.
    #[error("the key material holds no key")]
    Empty,
    /// One entry is not 32 bytes of standard base64.
    #[error("key {0} of the key material is not 32 bytes in base64 (44 characters)")]
    BadKey(usize),
    /// The same key is listed twice.
    #[error("key {0} of the key material repeats an earlier key")]
    Repeated(usize),
    /// A sealed identity names a key the keyring does not hold.
    #[error("an identity is sealed with key {0}, which the key material does not hold")]
    UnknownKey(String),
    /// Not in the stored format, or altered, or sealed for another reporter.
    #[error("a sealed identity does not open with its key for its reporter")]
    Rejected,
}

/// One key of the ring with what is derived from it.
struct RingKey {
    id: String,
    raw: DeploymentKey,
    seal: Zeroizing<[u8; 32]>,
    index: Zeroizing<[u8; 32]>,
}

/// The deployment's keys, the current one first. `Debug` never shows them.
pub struct Keyring {
    keys: Vec<RingKey>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("ids", &self.ids()).finish()
    }
}

/// The look-up values of one contact under each key that may have sealed it: the current
/// key's and the previous key's (the same twice when there is one key), so that a look-up
/// finds a reporter during a rotation as well as after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlindIndex {
    /// Under the current key.
    pub current: String,
    /// Under the key before it, or the current one again.
    pub previous: String,
}

/// An identity as stored: the id of the key that sealed it, the sealed text, and the blind
/// index of its e-mail address, phone number and chat handle under that key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedIdentity {
    /// The sealing key's id (8 hex characters).
    pub key_id: String,
    /// `v1.` and the nonce with the ciphertext of the identity's JSON, URL-safe base64.
    pub sealed: String,
    /// The e-mail address's blind index.
    pub email_ix: Option<String>,
    /// The phone number's blind index.
    pub phone_ix: Option<String>,
    /// The chat handle's blind index.
    pub chat_ix: Option<String>,
}

/// Which contact a blind index is of: the label keeps equal text of two kinds apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// An e-mail address (compared without case).
    Email,
    /// A phone number in international form.
    Phone,
    /// A chat handle, `<network>:<id>`.
    Chat,
    /// A chat handle as the key of its conversation's state (kept apart from [`Contact::Chat`]
    /// so that a conversation and a reporter cannot be linked by their index).
    Conversation,
}

impl Contact {
    fn label(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Chat => "chat",
            Self::Conversation => "conversation",
        }
    }

    /// The form that is indexed: an e-mail address trimmed and in lower case, the others
    /// trimmed.
    pub fn normal(self, value: &str) -> String {
        match self {
            Self::Email => value.trim().to_lowercase(),
            Self::Phone | Self::Chat | Self::Conversation => value.trim().to_owned(),
        }
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length, so this never fails.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl RingKey {
    fn new(raw: DeploymentKey) -> Self {
        let bytes = raw.bytes();
        let id = hex_prefix(&hmac(bytes, &[b"aduan key id v1"]));
        let seal = Zeroizing::new(hmac(bytes, &[b"aduan identity seal v1"]));
        let index = Zeroizing::new(hmac(bytes, &[b"aduan blind index v1"]));
        Self {
            id,
            raw,
            seal,
            index,
        }
    }

    fn blind(&self, contact: Contact, value: &str) -> String {
        let mac = hmac(
            self.index.as_slice(),
            &[contact.label().as_bytes(), contact.normal(value).as_bytes()],
        );
        URL_SAFE_NO_PAD.encode(&mac[..20])
    }

    fn aad(&self, owner: &str) -> Vec<u8> {
        format!("aduan identity v1|{}|{owner}", self.id).into_bytes()
    }
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// What is sealed: the identity's fields, absent ones left out.
#[derive(serde::Serialize, serde::Deserialize)]
struct Plain {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nik: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chat: Option<String>,
}

impl Keyring {
    /// The keyring in `text` (see the module's documentation for the format).
    pub fn from_text(text: &str) -> Result<Self, KeyringError> {
        let mut keys: Vec<RingKey> = Vec::new();
        let entries = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or(""))
            .flat_map(|line| line.split(|c: char| c.is_whitespace() || c == ','))
            .filter(|entry| !entry.is_empty());
        for (n, entry) in entries.enumerate() {
            let raw = DeploymentKey::from_base64(entry).map_err(|_| KeyringError::BadKey(n + 1))?;
            let key = RingKey::new(raw);
            if keys.iter().any(|k| k.id == key.id) {
                return Err(KeyringError::Repeated(n + 1));
            }
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(KeyringError::Empty);
        }
        Ok(Self { keys })
    }

    /// A keyring of one new random key, for tests and tools that keep nothing.
    pub fn generate() -> Self {
        Self {
            keys: vec![RingKey::new(DeploymentKey::generate())],
        }
    }

    /// One keyring generated once per process, shared by every store a test opens on the same
    /// database (it is lost when the process ends: never for a service).
    pub fn for_tests() -> std::sync::Arc<Self> {
        static RING: std::sync::LazyLock<std::sync::Arc<Keyring>> =
            std::sync::LazyLock::new(|| std::sync::Arc::new(Keyring::generate()));
        RING.clone()
    }

    /// The keys that seal attachment files, with their ids, the current one first: derived
    /// from each key under a label of their own, so that no key seals both identities and
    /// files.
    pub fn blob_keys(&self) -> Vec<(String, Zeroizing<[u8; 32]>)> {
        self.keys
            .iter()
            .map(|k| {
                let key = hmac(k.raw.bytes(), &[b"aduan blob seal v1"]);
                (k.id.clone(), Zeroizing::new(key))
            })
            .collect()
    }

    /// The keys' ids, the current one first.
    pub fn ids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.id.as_str()).collect()
    }

    /// The current key's id.
    pub fn current_id(&self) -> &str {
        self.current().id.as_str()
    }

    fn current(&self) -> &RingKey {
        // `from_text` and `generate` never make an empty ring.
        &self.keys[0]
    }

    /// The deployment key: the last key of the ring (see the module's documentation).
    pub fn deployment_key(&self) -> DeploymentKey {
        self.keys[self.keys.len() - 1].raw.clone()
    }

    /// The ring's text, the current key first, for writing to a key file.
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut out = String::new();
        for key in &self.keys {
            out.push_str(key.raw.to_base64().as_str());
            out.push('\n');
        }
        Zeroizing::new(out)
    }

    /// This ring with `key` in front as the new current key.
    pub fn with_current(&self, key: DeploymentKey) -> Result<Self, KeyringError> {
        let mut text = format!("{}\n", key.to_base64().as_str());
        text.push_str(self.to_text().as_str());
        Self::from_text(&text)
    }

    /// The blind index of `value` under the current and the previous key.
    pub fn blind(&self, contact: Contact, value: &str) -> BlindIndex {
        let current = self.current().blind(contact, value);
        let previous = self
            .keys
            .get(1)
            .map_or_else(|| current.clone(), |k| k.blind(contact, value));
        BlindIndex { current, previous }
    }

    /// `identity` of the reporter `owner` sealed with the current key, or `None` when it holds
    /// nothing.
    pub fn seal(&self, owner: &str, identity: &ReporterIdentity) -> Option<SealedIdentity> {
        let plain = Plain {
            name: identity.name.clone(),
            email: identity.email.clone(),
            phone: identity.phone.clone(),
            nik: identity.nik.clone(),
            chat: identity.chat.clone(),
        };
        if plain.name.is_none()
            && plain.email.is_none()
            && plain.phone.is_none()
            && plain.nik.is_none()
            && plain.chat.is_none()
        {
            return None;
        }
        let key = self.current();
        let json = Zeroizing::new(serde_json::to_vec(&plain).unwrap_or_default());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let cipher = XChaCha20Poly1305::new(Key::from_slice(key.seal.as_slice()));
        let aad = key.aad(owner);
        // Encryption into a Vec fails only past the cipher's limit (256 GiB).
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: &json,
                    aad: &aad,
                },
            )
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        let ix = |contact: Contact, v: &Option<String>| v.as_ref().map(|v| key.blind(contact, v));
        Some(SealedIdentity {
            key_id: key.id.clone(),
            sealed: format!("v1.{}", URL_SAFE_NO_PAD.encode(out)),
            email_ix: ix(Contact::Email, &plain.email),
            phone_ix: ix(Contact::Phone, &plain.phone),
            chat_ix: ix(Contact::Chat, &plain.chat),
        })
    }

    /// Opens the identity of the reporter `owner` sealed with the key `key_id`.
    pub fn open(
        &self,
        owner: &str,
        key_id: &str,
        sealed: &str,
    ) -> Result<ReporterIdentity, KeyringError> {
        let key = self
            .keys
            .iter()
            .find(|k| k.id == key_id)
            .ok_or_else(|| KeyringError::UnknownKey(key_id.to_owned()))?;
        let body = sealed.strip_prefix("v1.").ok_or(KeyringError::Rejected)?;
        let raw = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| KeyringError::Rejected)?;
        if raw.len() < 24 + 16 {
            return Err(KeyringError::Rejected);
        }
        let (nonce, ciphertext) = raw.split_at(24);
        let cipher = XChaCha20Poly1305::new(Key::from_slice(key.seal.as_slice()));
        let aad = key.aad(owner);
        let json = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| KeyringError::Rejected)?,
        );
        let plain: Plain = serde_json::from_slice(&json).map_err(|_| KeyringError::Rejected)?;
        Ok(ReporterIdentity {
            name: plain.name,
            email: plain.email,
            phone: plain.phone,
            nik: plain.nik,
            chat: plain.chat,
        })
    }
}

/// A new random key in standard base64, for `aduan keys new`.
pub fn new_key_text() -> Zeroizing<String> {
    Zeroizing::new(STANDARD.encode(DeploymentKey::generate().bytes()))
}

#[cfg(test)]
#[path = "keyring_tests.rs"]
mod tests;

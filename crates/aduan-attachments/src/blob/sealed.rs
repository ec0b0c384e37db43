//! Attachment files sealed at rest: [`SealedBlobStore`] wraps any blob store and encrypts what
//! it stores with XChaCha20-Poly1305 in the STREAM construction (big-endian 32-bit counter),
//! 64 KiB at a time, so neither an upload nor a download is ever held whole in memory. An
//! original kept as evidence (with its EXIF GPS position and camera serial) is then no more
//! readable on disk, in object storage or in a backup than the reporter's name.
//!
//! A sealed blob is `ADUANB1\n`, the sealing key's 8-hex id, a random 19-byte nonce, then
//! chunks of 64 KiB plus a 16-byte tag, the last one shorter (possibly empty). Each chunk is
//! bound to the key's id and to the blob's key (its name in the store), so a sealed file copied
//! under another name no longer opens, and a cut, reordered or altered chunk is refused. A blob
//! stored before sealing (without the header) reads as it is until `aduan keys rotate` seals it;
//! one that begins like a sealed blob but whose header is damaged is refused.

use super::{BlobBody, BlobError, BlobKey, BlobListing, BlobRead, BlobStore, ByteStream};
use async_trait::async_trait;
use bytes::{Buf, Bytes, BytesMut};
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use rand::Rng;
use std::sync::Arc;
use zeroize::Zeroizing;

const MAGIC: &[u8; 8] = b"ADUANB1\n";
const ID_LEN: usize = 8;
const NONCE_LEN: usize = 19;
/// The header's length: magic, key id, nonce.
const HEADER: usize = MAGIC.len() + ID_LEN + NONCE_LEN;
/// Plain bytes per chunk.
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// One key that seals blobs: its 8-hex id and its 32 bytes.
pub struct BlobSealKey {
    id: String,
    key: Zeroizing<[u8; 32]>,
}

impl BlobSealKey {
    /// A key with its id (8 lowercase hex characters, as the keyring names its keys).
    pub fn new(id: String, key: Zeroizing<[u8; 32]>) -> Option<Self> {
        let ok = id.len() == ID_LEN && id.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then_some(Self { id, key })
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(self.key.as_slice()))
    }
}

/// What a stored blob is sealed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sealing {
    /// Nothing: stored before sealing.
    Plain,
    /// The key with this id.
    Key(String),
}

/// A blob store that seals what it stores with the current key (the first) and opens what
/// any of its keys sealed. Listing and deletion pass through; the listing's sizes are the
/// stored (sealed) sizes.
pub struct SealedBlobStore {
    inner: Arc<dyn BlobStore>,
    keys: Vec<BlobSealKey>,
}

impl SealedBlobStore {
    /// `inner` sealed with `keys`, the current one first; `None` without a key.
    pub fn new(inner: Arc<dyn BlobStore>, keys: Vec<BlobSealKey>) -> Option<Self> {
        (!keys.is_empty()).then_some(Self { inner, keys })
    }

    /// The store underneath, whose bytes are sealed (what a backup copies).
    pub fn raw(&self) -> &Arc<dyn BlobStore> {
        &self.inner
    }

    /// What the blob under `key` is sealed with; `None` when there is no such blob.
    pub async fn sealing(&self, key: &BlobKey) -> Result<Option<Sealing>, BlobError> {
        let Some(read) = self.inner.get(key).await? else {
            return Ok(None);
        };
        let (head, _) = header(read.body).await?;
        if looks_sealed(&head) && parse_header(&head).is_none() {
            return Err(damaged(key, "has a damaged header"));
        }
        Ok(Some(match parse_header(&head) {
            Some((id, _)) => Sealing::Key(id),
            None => Sealing::Plain,
        }))
    }

    /// Seals the blob under `key` again with the current key when it is plain or sealed with
    /// another; returns whether it did. The old bytes stream through the new sealing straight
    /// into the store, whose `put` replaces the blob whole once written (a reader of the old
    /// blob keeps reading it), so no plain copy is ever written anywhere.
    pub async fn seal_again(&self, key: &BlobKey) -> Result<bool, BlobError> {
        match self.sealing(key).await? {
            None => return Ok(false),
            Some(Sealing::Key(id)) if id == self.keys[0].id => return Ok(false),
            Some(_) => {}
        }
        let Some(read) = self.get(key).await? else {
            return Ok(false);
        };
        let sealed = seal_stream(read.body, &self.keys[0], key);
        self.inner.put(key, BlobBody::Stream(sealed)).await?;
        Ok(true)
    }
}

fn aad(id: &str, key: &BlobKey) -> Vec<u8> {
    format!("aduan blob v1|{id}|{key}").into_bytes()
}

fn damaged(key: &BlobKey, what: &str) -> BlobError {
    BlobError::Io(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("the attachment blob {key} {what}"),
    ))
}

/// Reads the first [`HEADER`] bytes of `body` (fewer if it is shorter); returns them with
/// the rest of the body.
async fn header(mut body: ByteStream) -> Result<(BytesMut, ByteStream), BlobError> {
    let mut head = BytesMut::new();
    while head.len() < HEADER {
        match body.next().await {
            Some(chunk) => head.extend_from_slice(&chunk?),
            None => break,
        }
    }
    Ok((head, body))
}

impl Sealing {
    /// What a blob whose first bytes are `head` (at least the header's 35, when it has them)
    /// is sealed with.
    pub fn of_head(head: &[u8]) -> Sealing {
        match parse_header(head) {
            Some((id, _)) => Sealing::Key(id),
            None => Sealing::Plain,
        }
    }
}

/// Whether a blob's first bytes begin like a sealed blob's (six bytes of the magic): such a
/// blob whose header does not parse is a damaged sealed one, never read as plain.
fn looks_sealed(head: &[u8]) -> bool {
    head.len() >= 6 && head[..6] == MAGIC[..6]
}

/// The key id and the nonce of a sealed blob's first bytes; `None` for a plain blob.
fn parse_header(head: &[u8]) -> Option<(String, [u8; NONCE_LEN])> {
    if head.len() < HEADER || &head[..MAGIC.len()] != MAGIC {
        return None;
    }
    let id = std::str::from_utf8(&head[MAGIC.len()..MAGIC.len() + ID_LEN]).ok()?;
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&head[MAGIC.len() + ID_LEN..HEADER]);
    Some((id.to_owned(), nonce))
}

/// The plain size of a sealed blob of `stored` bytes, and its full chunks and last chunk's
/// stored length; `None` when no sealing gives that size.
fn plain_layout(stored: u64) -> Option<(u64, u64, usize)> {
    let body = stored.checked_sub(HEADER as u64)?;
    let full = body / (CHUNK + TAG) as u64;
    let last = body - full * (CHUNK + TAG) as u64;
    if last < TAG as u64 {
        return None;
    }
    let last = usize::try_from(last).ok()?;
    Some((full * CHUNK as u64 + (last - TAG) as u64, full, last))
}

/// `plain` sealed with `key` under the blob key `name`.
fn seal_stream(plain: ByteStream, key: &BlobSealKey, name: &BlobKey) -> ByteStream {
    let nonce: [u8; NONCE_LEN] = rand::rng().random();
    let mut head = BytesMut::with_capacity(HEADER);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(key.id.as_bytes());
    head.extend_from_slice(&nonce);
    let encryptor = EncryptorBE32::from_aead(key.cipher(), nonce.as_slice().into());
    let state = (plain, BytesMut::new(), Some(encryptor), aad(&key.id, name));
    let chunks =
        futures_util::stream::unfold(state, |(mut plain, mut buf, mut enc, aad)| async move {
            loop {
                let sealer = enc.as_mut()?;
                if buf.len() >= CHUNK {
                    let chunk = buf.split_to(CHUNK);
                    let sealed = sealer.encrypt_next(Payload {
                        msg: &chunk,
                        aad: &aad,
                    });
                    let item = sealed.map(Bytes::from).map_err(|_| sealing_failed());
                    return Some((item, (plain, buf, enc, aad)));
                }
                match plain.next().await {
                    Some(Ok(bytes)) => buf.extend_from_slice(&bytes),
                    Some(Err(e)) => return Some((Err(e), (plain, buf, None, aad))),
                    None => {
                        let sealer = enc.take()?;
                        let sealed = sealer.encrypt_last(Payload {
                            msg: &buf,
                            aad: &aad,
                        });
                        let item = sealed.map(Bytes::from).map_err(|_| sealing_failed());
                        return Some((item, (plain, BytesMut::new(), None, aad)));
                    }
                }
            }
        });
    futures_util::stream::once(async move { Ok(head.freeze()) })
        .chain(chunks)
        .boxed()
}

fn sealing_failed() -> BlobError {
    BlobError::Io(std::io::Error::other("sealing an attachment blob failed"))
}

/// The chunks after the header of a sealed blob, opened: `full` chunks of [`CHUNK`] plain
/// bytes, then the last one of `last` stored bytes.
fn open_stream(
    rest: ByteStream,
    head_left: BytesMut,
    decryptor: DecryptorBE32<XChaCha20Poly1305>,
    (full, last): (u64, usize),
    aad: Vec<u8>,
    name: BlobKey,
) -> ByteStream {
    let state = (rest, head_left, Some(decryptor), full);
    futures_util::stream::unfold(state, move |(mut rest, mut buf, mut dec, mut full)| {
        let (aad, name) = (aad.clone(), name.clone());
        async move {
            loop {
                let opener = dec.as_mut()?;
                if full > 0 && buf.len() >= CHUNK + TAG {
                    let chunk = buf.split_to(CHUNK + TAG);
                    full -= 1;
                    let plain = opener.decrypt_next(Payload {
                        msg: &chunk,
                        aad: &aad,
                    });
                    let item = plain
                        .map(Bytes::from)
                        .map_err(|_| damaged(&name, "does not open with its key (altered?)"));
                    let dec = if item.is_ok() { dec } else { None };
                    return Some((item, (rest, buf, dec, full)));
                }
                if full == 0 && buf.len() >= last {
                    let opener = dec.take()?;
                    if buf.len() > last {
                        return Some((
                            Err(damaged(&name, "is longer than sealed")),
                            (rest, buf, None, 0),
                        ));
                    }
                    let plain = opener.decrypt_last(Payload {
                        msg: &buf,
                        aad: &aad,
                    });
                    let item = plain
                        .map(Bytes::from)
                        .map_err(|_| damaged(&name, "does not open with its key (altered?)"));
                    return Some((item, (rest, BytesMut::new(), None, 0)));
                }
                match rest.next().await {
                    Some(Ok(bytes)) => buf.extend_from_slice(&bytes),
                    Some(Err(e)) => return Some((Err(e), (rest, buf, None, 0))),
                    None => {
                        return Some((Err(damaged(&name, "is cut short")), (rest, buf, None, 0)));
                    }
                }
            }
        }
    })
    // Ended for good: a reader that polls once more after the end (a response compressor
    // does) gets the end again rather than unfold's panic.
    .fuse()
    .boxed()
}

#[async_trait]
impl BlobStore for SealedBlobStore {
    async fn put(&self, key: &BlobKey, body: BlobBody) -> Result<u64, BlobError> {
        let sealed = seal_stream(body.into_stream(), &self.keys[0], key);
        let stored = self.inner.put(key, BlobBody::Stream(sealed)).await?;
        Ok(plain_layout(stored).map_or(stored, |(plain, _, _)| plain))
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<BlobRead>, BlobError> {
        let Some(read) = self.inner.get(key).await? else {
            return Ok(None);
        };
        let (mut head, rest) = header(read.body).await?;
        let Some((id, nonce)) = parse_header(&head) else {
            if looks_sealed(&head) {
                return Err(damaged(key, "has a damaged header"));
            }
            // Stored before sealing: as it is.
            let first = futures_util::stream::once(async move { Ok(head.freeze()) });
            return Ok(Some(BlobRead {
                size: read.size,
                body: first.chain(rest).boxed(),
            }));
        };
        let sealer = self.keys.iter().find(|k| k.id == id).ok_or_else(|| {
            damaged(
                key,
                &format!("is sealed with key {id}, which the key material lacks"),
            )
        })?;
        let (size, full, last) =
            plain_layout(read.size).ok_or_else(|| damaged(key, "has no sealed length"))?;
        head.advance(HEADER);
        let decryptor = DecryptorBE32::from_aead(sealer.cipher(), nonce.as_slice().into());
        let body = open_stream(
            rest,
            head,
            decryptor,
            (full, last),
            aad(&id, key),
            key.clone(),
        );
        Ok(Some(BlobRead { size, body }))
    }

    async fn delete(&self, key: &BlobKey) -> Result<bool, BlobError> {
        self.inner.delete(key).await
    }

    async fn ping(&self) -> Result<(), BlobError> {
        self.inner.ping().await
    }

    fn list(&self) -> BlobListing {
        self.inner.list()
    }

    async fn remove_abandoned(&self, before: DateTime<Utc>) -> Result<u64, BlobError> {
        self.inner.remove_abandoned(before).await
    }
}

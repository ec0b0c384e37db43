//! What a backup holds: `MANIFEST.json` (the backend, the counts of every table's rows, the ids
//! of the keys its identities need) and `SHA256SUMS`, one line per file in `sha256sum`'s own
//! format, so that `sha256sum -c SHA256SUMS` in the backup's directory checks it without Aduan.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's file name.
pub const MANIFEST: &str = "MANIFEST.json";
/// The checksums' file name.
pub const SUMS: &str = "SHA256SUMS";
/// The format this version writes and reads.
pub const FORMAT: u32 = 1;

/// A backup's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The backup format ([`FORMAT`]).
    pub format: u32,
    /// The version of Aduan that wrote it.
    pub aduan_version: String,
    /// When the database snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// `sqlite` or `postgresql`.
    pub backend: String,
    /// The database file in the backup's directory.
    pub database_file: String,
    /// Rows of every table in the snapshot, by table.
    pub rows: BTreeMap<String, u64>,
    /// Attachment blobs the snapshot refers to and the backup holds.
    pub blobs: u64,
    /// Their bytes.
    pub blob_bytes: u64,
    /// Those blobs by the id of the key that seals them (`plain`: stored before files were
    /// sealed).
    pub blob_sealing: BTreeMap<String, u64>,
    /// Blobs the snapshot refers to that the blob store did not hold at backup time.
    pub missing_blobs: Vec<String>,
    /// The ids (never the keys) of the keys that seal the snapshot's identities.
    pub sealing_keys: Vec<String>,
    /// The id of the deployment key (the last of the ring) at backup time: it opens the outbox's
    /// waiting addresses and signs the reply addresses already sent.
    pub deployment_key: String,
}

impl Manifest {
    /// Writes the manifest into `dir`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        write_synced(&dir.join(MANIFEST), text.as_bytes())
    }

    /// Reads the manifest of the backup in `dir`.
    pub fn read(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}: is this an aduan backup?", path.display()))?;
        let manifest: Manifest = serde_json::from_str(&text)
            .with_context(|| format!("{} is not an aduan backup manifest", path.display()))?;
        if manifest.format != FORMAT {
            bail!(
                "{} has backup format {}; this aduan reads format {FORMAT}",
                path.display(),
                manifest.format
            );
        }
        Ok(manifest)
    }
}

/// The SHA-256 of every file of a backup, by its path relative to the backup's directory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sums(pub BTreeMap<String, String>);

impl Sums {
    /// Writes `SHA256SUMS` into `dir`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let text: String = self
            .0
            .iter()
            .map(|(path, sum)| format!("{sum}  {path}\n"))
            .collect();
        write_synced(&dir.join(SUMS), text.as_bytes())
    }

    /// Reads `SHA256SUMS` from `dir`.
    pub fn read(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(SUMS);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut out = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let Some((sum, file)) = line.split_once("  ") else {
                bail!("{} line {}: not `<sha256>  <path>`", path.display(), n + 1);
            };
            let sane = sum.len() == 64 && sum.bytes().all(|b| b.is_ascii_hexdigit());
            let inside = !file.starts_with('/') && !file.split('/').any(|s| s == "..");
            if !sane || !inside {
                bail!("{} line {}: not `<sha256>  <path>`", path.display(), n + 1);
            }
            out.insert(file.to_owned(), sum.to_ascii_lowercase());
        }
        Ok(Self(out))
    }

    /// The sum recorded for `file`, or an error naming the file.
    pub fn of(&self, file: &str) -> anyhow::Result<&str> {
        self.0
            .get(file)
            .map(String::as_str)
            .with_context(|| format!("{SUMS} has no line for {file}: the backup is incomplete"))
    }
}

/// The SHA-256 of the file at `path`, read in chunks, as lowercase hex, and its size.
pub async fn sha256_of(path: &Path) -> anyhow::Result<(String, u64)> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(path)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Writes `bytes` to `path` and syncs it.
pub fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file =
        std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sums_read_back_what_was_written_and_refuse_a_path_leaving_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut sums = Sums::default();
        sums.0.insert("blobs/ab/cd".into(), "a".repeat(64));
        sums.0.insert("database.sqlite".into(), "b".repeat(64));
        sums.write(dir.path()).unwrap();
        assert_eq!(Sums::read(dir.path()).unwrap(), sums);

        std::fs::write(
            dir.path().join(SUMS),
            format!("{}  ../etc\n", "a".repeat(64)),
        )
        .unwrap();
        assert!(Sums::read(dir.path()).is_err());
    }

    #[test]
    fn a_manifest_of_another_format_is_refused_with_its_format_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest {
            format: FORMAT,
            aduan_version: "0.1.0".into(),
            created_at: "2026-12-07T00:00:00Z".into(),
            backend: "sqlite".into(),
            database_file: "database.sqlite".into(),
            rows: BTreeMap::from([("reports".into(), 3)]),
            blobs: 2,
            blob_bytes: 10,
            blob_sealing: BTreeMap::from([("0a1b2c3d".into(), 2)]),
            missing_blobs: vec![],
            sealing_keys: vec!["0a1b2c3d".into()],
            deployment_key: "0a1b2c3d".into(),
        };
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        m.format = 9;
        m.write(dir.path()).unwrap();
        let err = format!("{:#}", Manifest::read(dir.path()).unwrap_err());
        assert!(err.contains("format 9"), "{err}");
    }
}

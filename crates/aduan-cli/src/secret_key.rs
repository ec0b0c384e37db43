//! The deployment key that seals secrets in the outbox: the `secret_key` setting, or else a
//! key file in the data dir, generated (mode 0600) on first start.

use aduan_store::DeploymentKey;
use anyhow::Context;
use serde::{Deserialize, Serialize, Serializer};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The key file's name inside the data dir.
pub const KEY_FILE: &str = "secret.key";

/// A setting that must not be shown: `Debug` and serialization (and so `aduan config`) print
/// `[redacted]` unless it is empty.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// A secret holding `value`.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn shown(&self) -> &'static str {
        if self.0.trim().is_empty() {
            ""
        } else {
            "[redacted]"
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.shown())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.shown())
    }
}

/// The deployment key: `configured` when set, else the key file in `data_dir`, created with a
/// new random key (readable by this user only) if there is none.
pub fn deployment_key(configured: &Secret, data_dir: &Path) -> anyhow::Result<DeploymentKey> {
    if !configured.expose().trim().is_empty() {
        return DeploymentKey::from_base64(configured.expose()).context("the secret_key setting");
    }
    let path = data_dir.join(KEY_FILE);
    if let Some(key) = read_key_file(&path)? {
        return Ok(key);
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let key = DeploymentKey::generate();
    if create_key_file(&path, &key)? {
        tracing::warn!(
            path = %path.display(),
            "generated a new deployment key for sealing secrets in the outbox; back it up, and \
             set the same secret_key on every instance that shares this database"
        );
        return Ok(key);
    }
    // Another process created it first: use theirs.
    read_key_file(&path)?.with_context(|| format!("reading {}", path.display()))
}

fn read_key_file(path: &Path) -> anyhow::Result<Option<DeploymentKey>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            warn_if_readable_by_others(path);
            DeploymentKey::from_base64(&text)
                .map(Some)
                .with_context(|| format!("the key file {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes the key to a private temporary file and links it into place, so that a reader
/// never sees half a key and of two processes starting at once exactly one key wins.
/// Returns whether this call's key is the one in place.
fn create_key_file(path: &Path, key: &DeploymentKey) -> anyhow::Result<bool> {
    let tmp: PathBuf = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    file.write_all(format!("{}\n", key.to_base64().as_str()).as_bytes())?;
    file.sync_all()?;
    drop(file);
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the key file is readable by other users; chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_once_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let key = deployment_key(&Secret::default(), &data).unwrap();
        let again = deployment_key(&Secret::default(), &data).unwrap();
        let sealed = key.seal("1234", "m");
        assert_eq!(again.open(&sealed, "m").unwrap().as_str(), "1234");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(data.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let files: Vec<_> = std::fs::read_dir(&data).unwrap().collect();
        assert_eq!(files.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_configured_key_wins_and_a_bad_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = DeploymentKey::generate();
        let configured = Secret(key.to_base64().to_string());
        let used = deployment_key(&configured, dir.path()).unwrap();
        assert_eq!(used.open(&key.seal("x", "m"), "m").unwrap().as_str(), "x");
        assert!(
            !dir.path().join(KEY_FILE).exists(),
            "no file when configured"
        );
        let err = deployment_key(&Secret("too short".into()), dir.path()).unwrap_err();
        assert!(format!("{err:#}").contains("32 bytes"), "{err:#}");
    }

    #[test]
    fn a_secret_setting_never_shows_its_value() {
        let s = Secret("c2VjcmV0".into());
        assert_eq!(format!("{s:?}"), "\"[redacted]\"");
        assert_eq!(
            toml::to_string(&std::collections::BTreeMap::from([("k", s)])).unwrap(),
            "k = \"[redacted]\"\n"
        );
        assert_eq!(format!("{:?}", Secret::default()), "\"\"");
    }
}

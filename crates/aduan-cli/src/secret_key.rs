//! The deployment's key material, which seals reporters' identities and outbox secrets: the
//! `secret_key` setting (or `ADUAN_SECRET_KEY`), the output of `key_command` (a KMS or an
//! HSM), the file `key_file`, or else the key file `<data_dir>.key` beside the data directory,
//! generated (mode 0600) on first start. Never a file inside the data directory.

use crate::settings::Settings;
use aduan_store::Keyring;
use aduan_store::keyring;
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize, Serializer};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

/// The key file's name inside the data dir in versions before issue 20, moved out on start.
pub const LEGACY_KEY_FILE: &str = "secret.key";

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

/// Where the key material comes from when nothing is configured: `<data_dir>.key`, beside
/// the data directory so that a copy of the directory never carries it.
pub fn default_key_file(data_dir: &Path) -> PathBuf {
    let mut name = data_dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "aduan-data".into());
    name.push(".key");
    data_dir.with_file_name(name)
}

/// The deployment's keyring, from the first source set: the `secret_key` setting, the
/// output of `key_command`, the file `key_file`, or the default key file beside `data_dir`
/// (created with a new random key, readable by this user only, if there is none; a key file
/// left inside `data_dir` by an earlier version is moved there). A key file inside
/// `data_dir` is refused.
pub fn keyring(settings: &Settings) -> anyhow::Result<Arc<Keyring>> {
    load(settings, true)
}

/// The deployment's keyring as [`keyring`] finds it, but never a new one: where the default
/// key file does not exist yet, an error (for `aduan backup` and `aduan restore`, which need
/// the key material the data was sealed with).
pub fn existing_keyring(settings: &Settings) -> anyhow::Result<Arc<Keyring>> {
    load(settings, false)
}

fn load(settings: &Settings, create: bool) -> anyhow::Result<Arc<Keyring>> {
    let ring = |text: &str, source: &str| {
        Keyring::from_text(text)
            .map(Arc::new)
            .with_context(|| format!("the key material of {source}"))
    };
    let elsewhere = !settings.secret_key.expose().trim().is_empty()
        || !settings.key_command.trim().is_empty()
        || !settings.key_file.trim().is_empty();
    if elsewhere {
        warn_if_legacy_key_left(&settings.data_dir);
    }
    if !settings.secret_key.expose().trim().is_empty() {
        return ring(settings.secret_key.expose(), "the secret_key setting");
    }
    if !settings.key_command.trim().is_empty() {
        let text = run_key_command(&settings.key_command)?;
        return ring(&text, "key_command");
    }
    let data_dir = &settings.data_dir;
    let path = if settings.key_file.trim().is_empty() {
        let path = default_key_file(data_dir);
        move_legacy_key_file(data_dir, &path)?;
        path
    } else {
        PathBuf::from(settings.key_file.trim())
    };
    if inside(&path, data_dir) {
        bail!(
            "the key file {} is inside data_dir {}: move it elsewhere (a copy or backup of the \
             data would carry the key that opens it) and set key_file to its new place",
            path.display(),
            data_dir.display()
        );
    }
    if let Some(text) = read_key_file(&path)? {
        return ring(&text, &path.display().to_string());
    }
    if !create {
        bail!(
            "no key material: {} does not exist and neither secret_key, key_command nor key_file \
             is set; give this command the deployment's key material (kept apart from its data \
             and its backups)",
            path.display()
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let key = keyring::new_key_text();
    if create_key_file(&path, &key)? {
        tracing::warn!(
            path = %path.display(),
            "generated a new key for reporters' identities and outbox secrets; back it up apart \
             from the data, and give the same key material to every instance sharing this database"
        );
    }
    // Ours or, if another process created it first, theirs.
    let text = read_key_file(&path)?.with_context(|| format!("reading {}", path.display()))?;
    ring(&text, &path.display().to_string())
}

/// Runs `command` with `sh -c` and returns its standard output; a failure says how it ended
/// and what it wrote on standard error.
fn run_key_command(command: &str) -> anyhow::Result<Zeroizing<String>> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .output()
        .with_context(|| format!("running key_command `{command}`"))?;
    let text = Zeroizing::new(String::from_utf8(out.stdout).unwrap_or_default());
    if !out.status.success() {
        bail!(
            "key_command `{command}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(text)
}

/// Whether `path` lies inside `dir` (both made absolute, `..` and links resolved as far as
/// they exist).
fn inside(path: &Path, dir: &Path) -> bool {
    let resolve = |p: &Path| -> PathBuf {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Resolve the longest existing ancestor, then append the rest.
        let mut existing = abs.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        for name in rest.iter().rev() {
            out.push(name);
        }
        out
    };
    resolve(path).starts_with(resolve(dir))
}

/// Warns when the key file of an earlier version is still inside `data_dir` while the key
/// material comes from elsewhere: a copy of the data would carry it.
fn warn_if_legacy_key_left(data_dir: &Path) {
    let legacy = data_dir.join(LEGACY_KEY_FILE);
    if legacy.exists() {
        tracing::warn!(
            path = %legacy.display(),
            "an earlier version's key file is still inside the data directory: make sure its key \
             is the last of the key material (it signs reply addresses already sent), then delete it"
        );
    }
}

/// Moves the key file an earlier version kept inside `data_dir` to `to`, once.
fn move_legacy_key_file(data_dir: &Path, to: &Path) -> anyhow::Result<()> {
    let legacy = data_dir.join(LEGACY_KEY_FILE);
    if !legacy.exists() {
        return Ok(());
    }
    if to.exists() {
        bail!(
            "both {} and {} hold key material: keep the one this database's identities were \
             sealed with beside the data directory and delete the other",
            legacy.display(),
            to.display()
        );
    }
    // A rename, or across file systems (a data directory on its own volume) a private copy,
    // flushed, then the old file removed.
    if std::fs::rename(&legacy, to).is_err() {
        let text = std::fs::read_to_string(&legacy)
            .with_context(|| format!("reading {}", legacy.display()))?;
        if !create_key_file(to, &text)? {
            bail!("{} appeared while moving the key file there", to.display());
        }
        std::fs::remove_file(&legacy).with_context(|| format!("removing {}", legacy.display()))?;
    }
    tracing::warn!(
        from = %legacy.display(),
        to = %to.display(),
        "moved the key file out of the data directory"
    );
    Ok(())
}

fn read_key_file(path: &Path) -> anyhow::Result<Option<Zeroizing<String>>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            warn_if_readable_by_others(path);
            Ok(Some(Zeroizing::new(text)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes `text` to a private temporary file and links it into place, so that a reader
/// never sees half a key and of two processes starting at once exactly one key wins.
/// Returns whether this call's key is the one in place.
fn create_key_file(path: &Path, text: &str) -> anyhow::Result<bool> {
    let tmp = write_private_tmp(path, text)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

/// Replaces the key file at `path` with `text` at once (a private temporary file renamed
/// over it), for `aduan keys rotate --new-key`.
pub fn replace_key_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let tmp = write_private_tmp(path, text)?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
}

fn write_private_tmp(path: &Path, text: &str) -> anyhow::Result<PathBuf> {
    let tmp: PathBuf = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    let mut body = text.trim_end().to_owned();
    body.push('\n');
    file.write_all(body.as_bytes())?;
    file.sync_all()?;
    Ok(tmp)
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

    fn settings(data_dir: &Path) -> Settings {
        Settings {
            data_dir: data_dir.to_path_buf(),
            ..Settings::default()
        }
    }

    #[test]
    fn a_key_file_is_made_once_private_beside_the_data_dir_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let key = keyring(&settings(&data)).unwrap();
        let again = keyring(&settings(&data)).unwrap();
        assert_eq!(key.ids(), again.ids());
        let file = dir.path().join("data.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!data.exists(), "nothing is written inside the data dir");
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_key_file_left_inside_the_data_dir_is_moved_out_and_keeps_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let old = keyring::new_key_text();
        std::fs::write(data.join(LEGACY_KEY_FILE), format!("{}\n", old.as_str())).unwrap();
        let ring = keyring(&settings(&data)).unwrap();
        assert_eq!(ring.ids(), Keyring::from_text(&old).unwrap().ids());
        assert!(!data.join(LEGACY_KEY_FILE).exists());
        assert!(dir.path().join("data.key").exists());
    }

    #[test]
    fn a_configured_key_file_inside_the_data_dir_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = settings(dir.path());
        s.key_file = dir.path().join("sub/../keys").display().to_string();
        let err = keyring(&s).unwrap_err();
        assert!(format!("{err:#}").contains("inside data_dir"), "{err:#}");
    }

    #[test]
    fn a_configured_key_wins_then_the_command_and_bad_material_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = keyring::new_key_text();
        let mut s = settings(dir.path());
        s.secret_key = Secret(key.to_string());
        let used = keyring(&s).unwrap();
        assert_eq!(used.ids(), Keyring::from_text(&key).unwrap().ids());
        let other = keyring::new_key_text();
        s.secret_key = Secret::default();
        s.key_command = format!("echo {}", other.as_str());
        let from_command = keyring(&s).unwrap();
        assert_eq!(
            from_command.ids(),
            Keyring::from_text(&other).unwrap().ids()
        );
        s.key_command = "echo nope >&2; exit 3".into();
        let err = keyring(&s).unwrap_err();
        assert!(format!("{err:#}").contains("nope"), "{err:#}");
        s.key_command = String::new();
        s.secret_key = Secret("too short".into());
        let err = keyring(&s).unwrap_err();
        assert!(format!("{err:#}").contains("32 bytes"), "{err:#}");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "no file when configured"
        );
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

//! Staff's second factor: time-based one-time passwords (TOTP, RFC 6238: HMAC-SHA1, six digits,
//! 30-second steps, one step of drift either way) and one-time recovery codes. A code is good
//! once: the step it matched is kept, and a code of that step or an earlier one is refused.

use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;

/// The issuer an authenticator app shows beside the account.
pub const ISSUER: &str = "Aduan";

/// A TOTP secret, raw bytes. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

impl TotpSecret {
    /// A new random secret.
    pub fn generate<R: RngCore + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// The secret from its base32 form (as [`TotpSecret::to_base32`] writes it, or as an
    /// authenticator shows it: any case, spaces allowed, padding optional).
    pub fn from_base32(text: &str) -> Option<Self> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '=')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = totp_rs::Secret::Encoded(clean).to_bytes().ok()?;
        (bytes.len() >= 16).then_some(Self(bytes))
    }

    /// Base32 without padding, as typed into an authenticator.
    pub fn to_base32(&self) -> String {
        totp_rs::Secret::Raw(self.0.clone())
            .to_encoded()
            .to_string()
    }

    fn totp(&self, account: &str) -> TOTP {
        // The account name may not hold a colon (it separates issuer and account).
        let account = account.replace(':', " ");
        TOTP::new_unchecked(
            Algorithm::SHA1,
            DIGITS,
            1,
            STEP_SECONDS,
            self.0.clone(),
            Some(ISSUER.to_owned()),
            account,
        )
    }

    /// The `otpauth://totp/...` link an authenticator reads (from a QR code), for `account`.
    pub fn otpauth_url(&self, account: &str) -> String {
        self.totp(account).get_url()
    }

    /// The code of the step that holds `unix_seconds`.
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp("").generate(unix_seconds)
    }

    /// The step `code` belongs to, at `unix_seconds` with one step of drift either way, if it
    /// is later than `last_step` (the step of the last code accepted): a code is good once.
    pub fn matching_step(&self, code: &str, unix_seconds: u64, last_step: i64) -> Option<i64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let now = unix_seconds / STEP_SECONDS;
        let totp = self.totp("");
        let mut found = None;
        // Every candidate is computed and compared, so timing does not tell which matched.
        for step in [now.saturating_sub(1), now, now + 1] {
            let expected = totp.generate(step * STEP_SECONDS);
            if constant_time_eq(expected.as_bytes(), code.as_bytes()) {
                found = Some(step);
            }
        }
        let step = i64::try_from(found?).ok()?;
        (step > last_step).then_some(step)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// New recovery codes: [`RECOVERY_CODES`] of ten Crockford symbols (50 bits) each, written
/// `XXXXX-XXXXX`.
pub fn recovery_codes<R: RngCore + ?Sized>(rng: &mut R) -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code = String::with_capacity(11);
            for i in 0..10 {
                if i == 5 {
                    code.push('-');
                }
                code.push(char::from(CROCKFORD[(rng.next_u32() % 32) as usize]));
            }
            code
        })
        .collect()
}

/// The canonical form of a typed recovery code (upper case, no separators, O→0, I/L→1), or
/// `None` when it cannot be one.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (code.len() == 10 && code.bytes().all(|b| CROCKFORD.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// RFC 6238, appendix B: the SHA-1 test vectors (eight digits there; the last six here).
    #[test]
    fn codes_follow_the_rfc_test_vectors() {
        let secret = TotpSecret(b"12345678901234567890".to_vec());
        assert_eq!(secret.code_at(59), "287082");
        assert_eq!(secret.code_at(1_111_111_109), "081804");
        assert_eq!(secret.code_at(1_234_567_890), "005924");
        assert_eq!(secret.code_at(20_000_000_000), "353130");
    }

    #[test]
    fn a_code_is_good_within_one_step_of_drift_and_only_once() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let secret = TotpSecret::generate(&mut rng);
        let t = 1_800_000_000;
        let code = secret.code_at(t);
        let step = (t / STEP_SECONDS) as i64;
        assert_eq!(secret.matching_step(&code, t, 0), Some(step));
        assert_eq!(secret.matching_step(&code, t + 30, 0), Some(step));
        assert_eq!(secret.matching_step(&code, t - 30, 0), Some(step));
        assert_eq!(secret.matching_step(&code, t + 90, 0), None);
        assert_eq!(secret.matching_step(&code, t, step), None, "a replay");
        assert_eq!(secret.matching_step("12345", t, 0), None);
        assert_eq!(secret.matching_step("abcdef", t, 0), None);
    }

    #[test]
    fn a_secret_survives_base32_and_the_link_names_the_issuer() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(8);
        let secret = TotpSecret::generate(&mut rng);
        let text = secret.to_base32();
        assert_eq!(
            TotpSecret::from_base32(&text.to_lowercase()),
            Some(secret.clone())
        );
        let url = secret.otpauth_url("ana@example.go.id");
        assert!(
            url.starts_with("otpauth://totp/Aduan:ana%40example.go.id?"),
            "{url}"
        );
        assert!(url.contains(&format!("secret={text}")), "{url}");
        assert_eq!(format!("{secret:?}"), "TotpSecret(..)");
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_loosely() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        let codes = recovery_codes(&mut rng);
        assert_eq!(codes.len(), RECOVERY_CODES);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), RECOVERY_CODES);
        let typed = codes[0].to_lowercase().replace('-', " ");
        assert_eq!(
            normalise_recovery_code(&typed),
            Some(codes[0].replace('-', ""))
        );
        assert_eq!(normalise_recovery_code("123"), None);
    }
}

//! The text of a new report sent by e-mail, and what its signature tells about the sender. A new
//! report loses its signature (under `-- `, or a closing phrase with a few short lines) as a
//! reply does, but keeps a forwarded or quoted message below it: that is often the evidence.

use super::clean::{Cut, is_device_line, is_sign_off, quote_start, signature_start, tidy};

/// The longest name taken from a signature, in characters.
const MAX_NAME: usize = 60;
/// The most words of a name taken from a signature.
const MAX_NAME_WORDS: usize = 5;

/// Splits a new report into its text and the signature cut from it: the signature above a
/// quoted or forwarded message is cut, the message itself kept. A closing phrase or `-- ` with
/// no text above it is not a signature (a greeting such as "Salam," may open a report).
pub fn cut_report(body: &str) -> Cut {
    let lines: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();
    let end = quote_start(&lines).unwrap_or(lines.len());
    let head: Vec<&str> = lines[..end]
        .iter()
        .copied()
        .filter(|l| !is_device_line(l))
        .collect();
    let sig = signature_start(&head)
        .filter(|&i| head[..i].iter().any(|l| !l.trim().is_empty()))
        .unwrap_or(head.len());
    let mut kept = head[..sig].to_vec();
    if end < lines.len() {
        kept.push("");
        kept.extend(&lines[end..]);
    }
    Cut {
        text: tidy(&kept),
        signature: tidy(&head[sig..]),
    }
}

/// The names a signature gives: the words after a closing phrase on its own line ("Salam
/// Budi"), and the first line under the closing phrase or `-- ` when it reads as a name (one to
/// five capitalised words of letters, such as "Ir. Siti Rahmawati").
pub fn names_in(signature: &str) -> Vec<String> {
    let lines: Vec<&str> = signature
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let Some((first, rest)) = lines.split_first() else {
        return Vec::new();
    };
    let mut names = Vec::new();
    if is_sign_off(first) {
        let words: Vec<&str> = first.split_whitespace().collect();
        // The closing phrase is one or two words; what follows it on the line is a name.
        for skip in [2, 1] {
            if words.len() > skip {
                let tail = words[skip..].join(" ");
                let phrase = words[..skip].join(" ");
                if is_sign_off(&phrase) && looks_like_name(&tail) {
                    names.push(tail);
                    break;
                }
            }
        }
    }
    if let Some(next) = rest.first().filter(|l| looks_like_name(l)) {
        names.push((*next).to_owned());
    }
    names
}

fn looks_like_name(line: &str) -> bool {
    let line = line.trim().trim_end_matches([',', '.']);
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= MAX_NAME_WORDS
        && line.chars().count() <= MAX_NAME
        && !is_sign_off(line)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        })
}

#[cfg(test)]
mod tests {
    use super::{cut_report, names_in};

    #[test]
    fn a_new_report_loses_its_signature_but_keeps_a_forwarded_message() {
        let body = "Petugas meminta uang. Surat mereka saya teruskan di bawah.\n\nHormat saya,\nSiti Rahmawati\n0812 3456 7890\n\n---------- Forwarded message ---------\nDari: Kelurahan\nBayar Rp 500.000 di loket.";
        let cut = cut_report(body);
        assert_eq!(
            cut.text,
            "Petugas meminta uang. Surat mereka saya teruskan di bawah.\n\n---------- Forwarded message ---------\nDari: Kelurahan\nBayar Rp 500.000 di loket."
        );
        assert_eq!(
            cut.signature,
            "Hormat saya,\nSiti Rahmawati\n0812 3456 7890"
        );
    }

    #[test]
    fn a_greeting_that_opens_a_report_is_not_a_signature() {
        let body = "Salam,\nJalan di depan pasar berlubang.\nSudah dua minggu.";
        assert_eq!(cut_report(body).text, body);
    }

    #[test]
    fn a_signature_names_its_writer() {
        assert_eq!(
            names_in("Hormat saya,\nIr. Siti Rahmawati\nHP 0812"),
            ["Ir. Siti Rahmawati"]
        );
        assert_eq!(names_in("-- \nBudi Santoso\nbudi@x.id"), ["Budi Santoso"]);
        assert_eq!(names_in("Salam Budi"), ["Budi"]);
        assert!(names_in("-- \nTelp. 031-5678-9012").is_empty());
        assert!(names_in("Terima kasih.").is_empty());
    }
}

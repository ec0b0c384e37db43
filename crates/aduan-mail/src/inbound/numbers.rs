//! Phone numbers and NIKs as people write them: digits broken by spaces, dashes, dots and
//! brackets, with or without the country code, sometimes right after other numbers.

use aduan_domain::contact::PhoneNumber;

/// The phone numbers written in `text` (a signature), normalised (`+62...`).
pub fn phones_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let groups = digit_groups(&chars, i);
        let Some(&(_, end)) = groups.last() else {
            i += 1;
            continue;
        };
        let run: String = chars[groups[0].0..end].iter().collect();
        let digits = run.chars().filter(char::is_ascii_digit).count();
        if let Ok(p) = PhoneNumber::parse(&run)
            && digits >= MIN_PHONE_DIGITS
        {
            found.push(p.as_str().to_owned());
        }
        i = end;
    }
    found
}

/// Fewer digits than this is not a phone number (a year, a house number).
const MIN_PHONE_DIGITS: usize = 9;

fn is_number_joiner(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')
}

/// Replaces runs of digits (with the spaces, dashes, dots and brackets people put in them, and
/// a leading `+`) that are the reporter's phone number or NIK; a number written next to other
/// numbers ("nomor 12 0812 3456 7890") is found inside the longer run.
pub fn replace_numbers(text: &str, phones: &[String], nik: Option<&str>, marker: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let matches = |candidate: &[char]| {
        let s: String = candidate.iter().collect();
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        nik.is_some_and(|n| n == digits)
            || PhoneNumber::parse(&s)
                .ok()
                .is_some_and(|p| phones.iter().any(|q| q == p.as_str()))
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let groups = digit_groups(&chars, i);
        let Some(&(_, run_end)) = groups.last() else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        let mut g = 0;
        let mut copied = i;
        while g < groups.len() {
            let found = (g..groups.len())
                .rev()
                .find(|&h| matches(&chars[groups[g].0..groups[h].1]));
            match found {
                Some(h) => {
                    out.extend(&chars[copied..groups[g].0]);
                    out.push_str(marker);
                    copied = groups[h].1;
                    g = h + 1;
                }
                None => g += 1,
            }
        }
        out.extend(&chars[copied..run_end]);
        i = run_end;
    }
    out
}

/// The digit groups of the number written at `start` (empty when none starts there): each
/// group's start (its `+` or `(` included) and end.
fn digit_groups(chars: &[char], start: usize) -> Vec<(usize, usize)> {
    let opens = |i: usize| {
        chars.get(i).is_some_and(char::is_ascii_digit)
            || (chars.get(i).is_some_and(|c| matches!(c, '+' | '('))
                && chars.get(i + 1).is_some_and(char::is_ascii_digit))
    };
    if !opens(start) || (start > 0 && chars[start - 1].is_alphanumeric()) {
        return Vec::new();
    }
    let mut groups = Vec::new();
    let mut i = start;
    loop {
        let group_start = i;
        if !chars[i].is_ascii_digit() {
            i += 1;
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if chars.get(i) == Some(&')') {
            i += 1;
        }
        groups.push((group_start, i));
        let mut next = i;
        while next < chars.len() && is_number_joiner(chars[next]) && next - i < 2 {
            next += 1;
        }
        if next == i || next >= chars.len() || !opens(next) || chars[next - 1] == '\n' {
            break;
        }
        i = next;
    }
    groups.retain(|&(s, e)| chars[s..e].iter().any(char::is_ascii_digit));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_tells_its_phone_numbers_but_not_its_other_numbers() {
        let sig = "Siti Rahmawati\nTelp. 031-5678-9012 | HP +62 812 3456 7890\nJl. Melati 12, 2026";
        assert_eq!(phones_in(sig), ["+623156789012", "+6281234567890"]);
    }

    #[test]
    fn a_number_next_to_other_numbers_is_found_inside_the_run() {
        let phones = ["+6281234567890".to_owned()];
        let out = replace_numbers("rumah nomor 12 0812 3456 7890 ya", &phones, None, "[x]");
        assert_eq!(out, "rumah nomor 12 [x] ya");
    }
}

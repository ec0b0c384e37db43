//! Putting a report's text together the way its channel shapes it.

use super::Texts;
use super::patterns::Pattern;
use super::slots::{Ctx, Slot};
use aduan_domain::report::{Channel, Kind};
use rand::Rng;

/// A report as its reporter wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The title; free-text channels (SMS, social, chat) have none.
    pub title: Option<String>,
    /// The body.
    pub body: String,
    /// Where it happened, in the reporter's words.
    pub location: String,
}

/// Writes a report of `pattern` arriving through `channel` at local hour `hour`, as a report
/// of kind `kind` (the reporter's choice, which staff may later correct).
pub fn write_report(
    texts: &Texts,
    pattern: &Pattern,
    ctx: &mut Ctx<'_>,
    channel: &Channel,
    hour: u32,
    kind: aduan_domain::report::Kind,
) -> Written {
    let i = ctx.pick(pattern.titles.len());
    let title = capitalise(&pattern.titles[i].to_text(ctx));
    let mut core = String::new();
    for line in &pattern.body {
        if line.optional && ctx.rng.random_bool(0.5) {
            continue;
        }
        if !core.is_empty() {
            core.push(' ');
        }
        line.template.render(ctx, &mut core);
    }
    let style = &texts.style;
    let greeting = |ctx: &mut Ctx<'_>| {
        let list = if ctx.rng.random_bool(0.3) {
            "greeting_any"
        } else {
            match hour {
                4..=10 => "greeting_morning",
                11..=14 => "greeting_day",
                15..=17 => "greeting_afternoon",
                _ => "greeting_night",
            }
        };
        style.one(list, ctx)
    };
    let opening_list = match kind {
        Kind::Complaint => "opening",
        Kind::Aspiration => "opening_aspiration",
        Kind::InformationRequest => "opening_information",
    };
    let body = match channel {
        Channel::Sms | Channel::Chat => {
            let mut s = shorten(&core, 300);
            if ctx.rng.random_bool(0.4) {
                s.push_str(" Mohon ditindaklanjuti.");
            }
            if matches!(channel, Channel::Chat) {
                s = format!("min, {s}");
            }
            abbreviate(&s, &style.abbreviations, 1.0, ctx)
        }
        Channel::Social => {
            let tag = style.one("social_tag", ctx);
            format!("@LAPOR1708 {} {tag}", shorten(&core, 230))
        }
        Channel::Email => {
            let open = style.one("email_open", ctx);
            let opening = capitalise(&style.one(opening_list, ctx));
            let closing = style.one("closing", ctx);
            let close = style.one("email_close", ctx);
            format!("{open}\n\n{opening} {core}\n\n{closing}\n\n{close}")
        }
        Channel::WalkIn | Channel::Phone | Channel::Paper => {
            let list = match channel {
                Channel::WalkIn => "walk_in",
                Channel::Phone => "phone",
                _ => "paper",
            };
            format!("{}{core}", style.one(list, ctx))
        }
        Channel::Web | Channel::Mobile | Channel::Api(_) => {
            let mut s = String::new();
            if ctx.rng.random_bool(0.65) {
                let g = greeting(ctx);
                let o = style.one(opening_list, ctx);
                s.push_str(&format!("{g}, {o} "));
            } else if ctx.rng.random_bool(0.3) {
                s.push_str(&capitalise(&style.one(opening_list, ctx)));
                s.push(' ');
            }
            s.push_str(&core);
            if ctx.rng.random_bool(0.8) {
                s.push_str(if ctx.rng.random_bool(0.5) {
                    "\n\n"
                } else {
                    " "
                });
                s.push_str(&style.one("closing", ctx));
            }
            if ctx.rng.random_bool(0.25) {
                s.push(' ');
                s.push_str(&style.one("signoff", ctx));
            }
            let s = if ctx.rng.random_bool(0.15) {
                abbreviate(&s, &style.abbreviations, 0.5, ctx)
            } else {
                s
            };
            if ctx.rng.random_bool(0.12) {
                typo(&s, ctx)
            } else {
                s
            }
        }
    };
    let location = format!(
        "{}, {}, Kec. {}, {}",
        ctx.get(Slot::Jalan).to_owned(),
        ctx.get(Slot::Desa).to_owned(),
        ctx.get(Slot::Kecamatan).to_owned(),
        ctx.get(Slot::Kota).to_owned()
    );
    Written {
        title: (!channel.is_free_text() || matches!(channel, Channel::Email)).then_some(title),
        body,
        location,
    }
}

/// The first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// At most `max` characters, cut after the last whole sentence that fits (or a word).
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    if let Some(i) = cut.rfind(". ") {
        return cut[..=i].to_owned();
    }
    match cut.rfind(' ') {
        Some(i) => cut[..i].to_owned(),
        None => cut,
    }
}

/// Replaces whole words by their informal short forms, each occurrence with probability `p`.
fn abbreviate(s: &str, pairs: &[(String, String)], p: f64, ctx: &mut Ctx<'_>) -> String {
    let mut out = s.to_owned();
    for (word, short) in pairs {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(i) = rest.find(word.as_str()) {
            let before_ok = rest[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = &rest[i + word.len()..];
            let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
            result.push_str(&rest[..i]);
            if before_ok && after_ok && ctx.rng.random_bool(p) {
                result.push_str(short);
            } else {
                result.push_str(word);
            }
            rest = after;
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// One slip of the thumb: two letters swapped, one doubled or one dropped, in a long word.
fn typo(s: &str, ctx: &mut Ctx<'_>) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 6 && words[i].chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    if long.is_empty() {
        return s.to_owned();
    }
    let w = long[ctx.pick(long.len())];
    let mut chars: Vec<char> = words[w].chars().collect();
    let k = 1 + ctx.pick(chars.len() - 2);
    match ctx.pick(3) {
        0 => chars.swap(k, k + 1),
        1 => chars.insert(k, chars[k]),
        _ => {
            chars.remove(k);
        }
    }
    let changed: String = chars.into_iter().collect();
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    out[w] = changed;
    out.join(" ")
}
